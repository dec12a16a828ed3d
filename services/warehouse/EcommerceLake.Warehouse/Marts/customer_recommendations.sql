-- Per-customer recommendations from marts.bought_together, built just before in the same transaction (see
-- Migrations/0005_recommendations.sql for the definitions).
WITH bought AS (
    SELECT DISTINCT c.customer_unique_id, i.product_id
    FROM trusted.marketplace_order_items AS i
    JOIN trusted.marketplace_orders AS o ON o.order_id = i.order_id
    JOIN trusted.marketplace_customers AS c ON c.customer_id = o.customer_id
    WHERE i.product_id IS NOT NULL AND c.customer_unique_id IS NOT NULL
      AND COALESCE(o.order_status, '') NOT IN ('canceled', 'unavailable')
),
candidates AS (
    SELECT b.customer_unique_id, t.recommended_product_id AS product_id,
           min(t.recommended_category) AS product_category,
           sum(t.confidence) AS score,
           (array_agg(t.product_id ORDER BY t.confidence DESC, t.product_id))[1] AS because_of
    FROM bought AS b
    JOIN marts.bought_together AS t ON t.product_id = b.product_id
    WHERE NOT EXISTS (
        SELECT 1 FROM bought AS x
        WHERE x.customer_unique_id = b.customer_unique_id AND x.product_id = t.recommended_product_id)
    GROUP BY b.customer_unique_id, t.recommended_product_id
),
ranked AS (
    SELECT c.*, row_number() OVER (PARTITION BY c.customer_unique_id ORDER BY c.score DESC, c.product_id) AS rank
    FROM candidates AS c
)
INSERT INTO marts.customer_recommendations
    (customer_unique_id, rank, product_id, product_category, score, because_of)
SELECT customer_unique_id, rank, product_id, product_category, round(score, 6), because_of
FROM ranked
WHERE rank <= 10
