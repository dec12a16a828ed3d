-- BigQuery translation of Marts/order_lines.sql. /*ORDERS*/ is empty for a full build, else a condition on
-- i.`order_id` naming the orders being maintained.
INSERT INTO {{marts}}.`order_lines`
    (`order_id`, `product_id`, `customer_unique_id`, `sales_date`, `customer_state`, `product_category`, `items`,
     `revenue`, `freight`)
SELECT
    i.`order_id`,
    i.`product_id`,
    c.`customer_unique_id`,
    DATE(o.`order_purchase_timestamp`),
    COALESCE(c.`customer_state`, 'unknown'),
    COALESCE(t.`product_category_name_english`, p.`product_category_name`, 'unknown'),
    COUNT(*),
    COALESCE(SUM(i.`price`), 0),
    COALESCE(SUM(i.`freight_value`), 0)
FROM {{trusted}}.`marketplace_order_items` AS i
JOIN {{trusted}}.`marketplace_orders` AS o ON o.`order_id` = i.`order_id`
LEFT JOIN {{trusted}}.`marketplace_customers` AS c ON c.`customer_id` = o.`customer_id`
LEFT JOIN {{trusted}}.`marketplace_products` AS p ON p.`product_id` = i.`product_id`
LEFT JOIN {{trusted}}.`files_category_translation` AS t ON t.`product_category_name` = p.`product_category_name`
WHERE COALESCE(o.`order_status`, '') NOT IN ('canceled', 'unavailable') /*ORDERS*/
GROUP BY 1, 2, 3, 4, 5, 6
