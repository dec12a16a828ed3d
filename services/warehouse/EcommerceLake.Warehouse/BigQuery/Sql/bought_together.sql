-- BigQuery translation of Marts/bought_together.sql: numeric division on BIGNUMERIC (INT64 / INT64 would be FLOAT64),
-- whose ROUND rounds half away from zero as PostgreSQL's round(numeric) does. /*PRODUCTS*/ is empty for a full
-- build, else a condition on a.`product_id` naming the products whose rows are being recomputed.
INSERT INTO {{marts}}.`bought_together`
    (`product_id`, `rank`, `recommended_product_id`, `product_category`, `recommended_category`, `orders_together`,
     `product_orders`, `recommended_orders`, `support`, `confidence`, `lift`)
WITH baskets AS (
    SELECT `order_id`, `product_id` FROM {{marts}}.`order_lines` WHERE `product_id` IS NOT NULL
),
total AS (
    SELECT COUNT(DISTINCT `order_id`) AS baskets FROM baskets
),
pairs AS (
    SELECT a.`product_id`, b.`product_id` AS recommended_product_id, COUNT(*) AS orders_together
    FROM baskets AS a
    JOIN baskets AS b ON b.`order_id` = a.`order_id` AND b.`product_id` <> a.`product_id`
    WHERE TRUE /*PRODUCTS*/
    GROUP BY a.`product_id`, b.`product_id`
),
product_orders AS (
    SELECT `product_id`, COUNT(*) AS orders
    FROM baskets
    WHERE `product_id` IN (SELECT `product_id` FROM pairs UNION DISTINCT SELECT recommended_product_id FROM pairs)
    GROUP BY `product_id`
),
scored AS (
    SELECT p.`product_id`, p.recommended_product_id, p.orders_together, pa.orders AS product_orders,
           pb.orders AS recommended_orders,
           ROUND(CAST(p.orders_together AS BIGNUMERIC) / t.baskets, 10) AS support,
           ROUND(CAST(p.orders_together AS BIGNUMERIC) / pa.orders, 6) AS confidence,
           ROUND(CAST(p.orders_together AS BIGNUMERIC) * t.baskets / (pa.orders * pb.orders), 6) AS lift
    FROM pairs AS p
    CROSS JOIN total AS t
    JOIN product_orders AS pa ON pa.`product_id` = p.`product_id`
    JOIN product_orders AS pb ON pb.`product_id` = p.recommended_product_id
),
ranked AS (
    SELECT s.*, ROW_NUMBER() OVER (PARTITION BY s.`product_id`
        ORDER BY s.confidence DESC, s.lift DESC, s.orders_together DESC, s.recommended_product_id) AS `rank`
    FROM scored AS s
),
categories AS (
    SELECT p.`product_id`, COALESCE(t.`product_category_name_english`, p.`product_category_name`) AS category
    FROM {{trusted}}.`marketplace_products` AS p
    LEFT JOIN {{trusted}}.`files_category_translation` AS t ON t.`product_category_name` = p.`product_category_name`
)
SELECT r.`product_id`, r.`rank`, r.recommended_product_id, COALESCE(ca.category, 'unknown'),
       COALESCE(cb.category, 'unknown'), r.orders_together, r.product_orders, r.recommended_orders, r.support,
       r.confidence, r.lift
FROM ranked AS r
LEFT JOIN categories AS ca ON ca.`product_id` = r.`product_id`
LEFT JOIN categories AS cb ON cb.`product_id` = r.recommended_product_id
WHERE r.`rank` <= 10
