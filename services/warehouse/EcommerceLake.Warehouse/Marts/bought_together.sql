-- Item-to-item "bought together" (see Migrations/0005_recommendations.sql for the definitions), from the baskets of
-- marts.order_lines: the pairs from marts.basket_lines (the baskets with two products or more, the only ones that hold
-- a pair), each product's orders from every line. /*PRODUCTS*/ is empty for a full build, else a condition on
-- a.product_id naming the products whose rows are being recomputed. The number of baskets is marts.order_baskets;
-- both are counted or maintained just before.
WITH total AS (SELECT baskets FROM marts.order_baskets),
pairs AS (
    SELECT a.product_id, b.product_id AS recommended_product_id, count(*) AS orders_together
    FROM marts.basket_lines AS a
    JOIN marts.basket_lines AS b ON b.order_id = a.order_id AND b.product_id <> a.product_id
    WHERE true /*PRODUCTS*/
    GROUP BY a.product_id, b.product_id
),
-- A line is one (order, product), so a product's lines are its orders; their category is the product's current one
-- (order_lines rebuilds the lines of a product whose category changed before this runs).
product_orders AS (
    SELECT product_id, count(*) AS orders, min(product_category) AS category
    FROM marts.order_lines
    WHERE product_id IN (SELECT product_id FROM pairs UNION SELECT recommended_product_id FROM pairs)
    GROUP BY product_id
),
scored AS (
    SELECT p.product_id, p.recommended_product_id, p.orders_together, pa.orders AS product_orders,
           pb.orders AS recommended_orders, pa.category AS product_category, pb.category AS recommended_category,
           round(p.orders_together::numeric / t.baskets, 10) AS support,
           round(p.orders_together::numeric / pa.orders, 6) AS confidence,
           round(p.orders_together::numeric * t.baskets / (pa.orders * pb.orders), 6) AS lift
    FROM pairs AS p
    CROSS JOIN total AS t
    JOIN product_orders AS pa ON pa.product_id = p.product_id
    JOIN product_orders AS pb ON pb.product_id = p.recommended_product_id
),
ranked AS (
    SELECT s.*, row_number() OVER (PARTITION BY s.product_id
        ORDER BY s.confidence DESC, s.lift DESC, s.orders_together DESC, s.recommended_product_id) AS rank
    FROM scored AS s
)
INSERT INTO marts.bought_together
    (product_id, rank, recommended_product_id, product_category, recommended_category, orders_together,
     product_orders, recommended_orders, support, confidence, lift)
SELECT product_id, rank, recommended_product_id, product_category, recommended_category, orders_together,
       product_orders, recommended_orders, support, confidence, lift
FROM ranked
WHERE rank <= 10
