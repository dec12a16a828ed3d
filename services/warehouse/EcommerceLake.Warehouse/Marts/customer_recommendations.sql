-- Per-customer recommendations from marts.bought_together, maintained just before in the same transaction, and the
-- products each customer bought (marts.order_lines; see Migrations/0005_recommendations.sql for the definitions).
-- /*CUSTOMERS*/ is empty for a full build, else a condition on customer_unique_id naming the customers being
-- maintained.
WITH bought AS (
    SELECT DISTINCT customer_unique_id, product_id
    FROM marts.order_lines
    WHERE product_id IS NOT NULL AND customer_unique_id IS NOT NULL /*CUSTOMERS*/
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
