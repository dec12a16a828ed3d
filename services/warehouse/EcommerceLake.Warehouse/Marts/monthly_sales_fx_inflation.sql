-- Rebuilt in full by every build, from marts.daily_sales_by_state_category (already maintained by then) and the
-- economics series: a month's revenue is the sum of its days' revenue.
WITH sales AS (
    SELECT date_trunc('month', sales_date)::date AS month, sum(revenue) AS revenue_brl
    FROM marts.daily_sales_by_state_category
    GROUP BY 1
),
ptax AS (
    SELECT date_trunc('month', reference_date)::date AS month, avg(value) AS brl_per_usd
    FROM trusted.economics_usd_brl
    WHERE value > 0
    GROUP BY 1
),
ipca AS (
    SELECT date_trunc('month', reference_date)::date AS month, avg(value) AS pct
    FROM trusted.economics_ipca
    WHERE value IS NOT NULL
    GROUP BY 1
),
selic AS (
    SELECT date_trunc('month', reference_date)::date AS month, avg(value) AS pct
    FROM trusted.economics_selic
    WHERE value IS NOT NULL
    GROUP BY 1
)
INSERT INTO marts.monthly_sales_fx_inflation (month, revenue_brl, revenue_usd, ipca_pct, selic_pct)
SELECT s.month, s.revenue_brl, round(s.revenue_brl / p.brl_per_usd, 2), round(i.pct, 4), round(l.pct, 4)
FROM sales AS s
LEFT JOIN ptax AS p ON p.month = s.month
LEFT JOIN ipca AS i ON i.month = s.month
LEFT JOIN selic AS l ON l.month = s.month
