// EcommerceLake dashboard: draws the marts charts (ECharts) from the JSON the page embeds and lights the lineage.
// Pages refresh their live parts with htmx (hx-get / hx-trigger="every Ns"); nothing here talks to the API.
(function () {
  'use strict';
  const palette = ['#1e3a8a', '#2563eb', '#0ea5e9', '#10b981', '#8b5cf6', '#f59e0b', '#ef4444', '#0f172a'];

  function data(id) {
    const el = document.getElementById(id);
    return el ? JSON.parse(el.textContent) : null;
  }

  function sales() {
    const el = document.getElementById('sales-chart');
    const d = data('sales-data');
    if (!el || !d || !window.echarts) return;
    const chart = echarts.init(el, null, { renderer: 'svg' });
    chart.setOption({
      animation: false,
      grid: { left: 56, right: 48, top: 40, bottom: 48 },
      tooltip: { trigger: 'axis' },
      legend: { data: ['revenue (BRL)', 'orders'], top: 0, left: 'center' },
      xAxis: { type: 'category', data: d.days, boundaryGap: false },
      yAxis: [
        { type: 'value', name: 'BRL', splitLine: { lineStyle: { color: '#eef2f7' } } },
        { type: 'value', name: 'orders', splitLine: { show: false } }
      ],
      dataZoom: [{ type: 'inside' }, { type: 'slider', height: 16, bottom: 8 }],
      series: [
        { name: 'revenue (BRL)', type: 'line', data: d.revenue, showSymbol: false, smooth: true,
          lineStyle: { width: 1.5, color: '#2563eb' }, areaStyle: { color: 'rgba(37, 99, 235, 0.15)' } },
        { name: 'orders', type: 'line', yAxisIndex: 1, data: d.orders, showSymbol: false,
          lineStyle: { width: 1, color: '#f59e0b' } }
      ]
    });
    window.addEventListener('resize', () => chart.resize());
  }

  function words() {
    const el = document.getElementById('word-cloud');
    const d = data('words-data');
    if (!el || !d || !window.echarts) return;
    const chart = echarts.init(el);
    chart.setOption({
      tooltip: { formatter: p => `${p.name}: ${p.value.toLocaleString()} reviews` },
      series: [{
        type: 'wordCloud', shape: 'circle', left: 'center', top: 'center', width: '100%', height: '100%',
        sizeRange: [14, 80], rotationRange: [0, 0], gridSize: 4, drawOutOfBound: false, layoutAnimation: false,
        textStyle: { fontFamily: 'system-ui, sans-serif', fontWeight: 600,
          color: () => palette[Math.floor(Math.random() * palette.length)] },
        data: d
      }]
    });
    window.addEventListener('resize', () => chart.resize());
  }

  // The lineage: pointing at a node lights its ancestors and descendants along the edges and dims the rest. The
  // node pointed at is remembered, so a refresh that swaps the diagram in under the pointer keeps it lit.
  let pointed = null;
  function lineage() {
    const svg = document.querySelector('svg.lineage');
    if (!svg) return;
    const edges = [...svg.querySelectorAll('.edge')];
    const walk = (id, from, to, seen) => {
      for (const e of edges) {
        if (e.dataset[from] !== id) continue;
        e.classList.add('lit');
        const next = e.dataset[to];
        if (!seen.has(next)) { seen.add(next); walk(next, from, to, seen); }
      }
      return seen;
    };
    const light = id => {
      const lit = new Set([id, ...walk(id, 'from', 'to', new Set()), ...walk(id, 'to', 'from', new Set())]);
      svg.querySelectorAll('.node').forEach(n => n.classList.toggle('lit', lit.has(n.dataset.node)));
      svg.classList.add('focus');
    };
    svg.querySelectorAll('.node').forEach(node => {
      node.addEventListener('mouseenter', () => { pointed = node.dataset.node; light(pointed); });
      node.addEventListener('mouseleave', () => {
        pointed = null;
        svg.classList.remove('focus');
        svg.querySelectorAll('.lit').forEach(n => n.classList.remove('lit'));
      });
    });
    if (pointed && [...svg.querySelectorAll('.node')].some(n => n.dataset.node === pointed)) light(pointed);
  }

  document.addEventListener('DOMContentLoaded', () => { sales(); words(); lineage(); });
  // htmx replaces the live lineage section: bind the new diagram.
  document.addEventListener('htmx:afterSettle', e => { if (e.target.id === 'lineage-live') lineage(); });
})();
