-- Full build from marts.order_lines (orders without a purchase day have no row).
INSERT INTO marts.daily_sales_by_state_category
    (sales_date, customer_state, product_category, orders, items, revenue, freight)
SELECT sales_date, customer_state, product_category, count(DISTINCT order_id), sum(items), sum(revenue), sum(freight)
FROM marts.order_lines
WHERE sales_date IS NOT NULL
GROUP BY 1, 2, 3
