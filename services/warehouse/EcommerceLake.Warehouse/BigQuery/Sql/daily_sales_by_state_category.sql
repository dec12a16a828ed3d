-- BigQuery translation of Marts/daily_sales_by_state_category.sql: a full build from marts.order_lines. {{trusted}},
-- {{marts}} and {{land}} are replaced by the backquoted dataset names.
INSERT INTO {{marts}}.`daily_sales_by_state_category`
    (`sales_date`, `customer_state`, `product_category`, `orders`, `items`, `revenue`, `freight`)
SELECT `sales_date`, `customer_state`, `product_category`, COUNT(DISTINCT `order_id`), SUM(`items`), SUM(`revenue`),
       SUM(`freight`)
FROM {{marts}}.`order_lines`
WHERE `sales_date` IS NOT NULL
GROUP BY 1, 2, 3
