-- BigQuery translation of Marts/customer_recommendations.sql: (array_agg(… ORDER BY …))[1] is
-- ARRAY_AGG(… ORDER BY … LIMIT 1)[OFFSET(0)]. It reads marts.bought_together, maintained earlier in the same script,
-- and marts.order_lines. /*CUSTOMERS*/ is empty for a full build, else a condition naming the customers being
-- maintained.
INSERT INTO {{marts}}.`customer_recommendations`
    (`customer_unique_id`, `rank`, `product_id`, `product_category`, `score`, `because_of`)
WITH bought AS (
    SELECT DISTINCT `customer_unique_id`, `product_id`
    FROM {{marts}}.`order_lines`
    WHERE `product_id` IS NOT NULL AND `customer_unique_id` IS NOT NULL /*CUSTOMERS*/
),
candidates AS (
    SELECT b.`customer_unique_id`, t.`recommended_product_id` AS `product_id`,
           MIN(t.`recommended_category`) AS product_category,
           SUM(t.`confidence`) AS score,
           ARRAY_AGG(t.`product_id` ORDER BY t.`confidence` DESC, t.`product_id` LIMIT 1)[OFFSET(0)] AS because_of
    FROM bought AS b
    JOIN {{marts}}.`bought_together` AS t ON t.`product_id` = b.`product_id`
    WHERE NOT EXISTS (
        SELECT 1 FROM bought AS x
        WHERE x.`customer_unique_id` = b.`customer_unique_id` AND x.`product_id` = t.`recommended_product_id`)
    GROUP BY b.`customer_unique_id`, t.`recommended_product_id`
),
ranked AS (
    SELECT c.*, ROW_NUMBER() OVER (PARTITION BY c.`customer_unique_id` ORDER BY c.score DESC, c.`product_id`) AS `rank`
    FROM candidates AS c
)
SELECT `customer_unique_id`, `rank`, `product_id`, product_category, ROUND(score, 6), because_of
FROM ranked
WHERE `rank` <= 10
