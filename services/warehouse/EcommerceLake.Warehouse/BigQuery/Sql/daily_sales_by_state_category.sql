-- BigQuery translation of Marts/daily_sales_by_state_category.sql. {{trusted}} and {{marts}} are replaced by the
-- backquoted dataset names.
INSERT INTO {{marts}}.`daily_sales_by_state_category`
    (`sales_date`, `customer_state`, `product_category`, `orders`, `items`, `revenue`, `freight`)
SELECT
    DATE(o.`order_purchase_timestamp`),
    COALESCE(c.`customer_state`, 'unknown'),
    COALESCE(t.`product_category_name_english`, p.`product_category_name`, 'unknown'),
    COUNT(DISTINCT o.`order_id`),
    COUNT(*),
    COALESCE(SUM(i.`price`), 0),
    COALESCE(SUM(i.`freight_value`), 0)
FROM {{trusted}}.`marketplace_order_items` AS i
JOIN {{trusted}}.`marketplace_orders` AS o ON o.`order_id` = i.`order_id`
LEFT JOIN {{trusted}}.`marketplace_customers` AS c ON c.`customer_id` = o.`customer_id`
LEFT JOIN {{trusted}}.`marketplace_products` AS p ON p.`product_id` = i.`product_id`
LEFT JOIN {{trusted}}.`files_category_translation` AS t ON t.`product_category_name` = p.`product_category_name`
WHERE o.`order_purchase_timestamp` IS NOT NULL
  AND COALESCE(o.`order_status`, '') NOT IN ('canceled', 'unavailable')
GROUP BY 1, 2, 3
