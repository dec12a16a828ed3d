-- Incremental maintenance of the order marts (MartsChain.Orders) for the keys recorded in land.changes_{table} since
-- the last build (see Migrations/0006_incremental_marts.sql), run statement by statement in the chain's transaction
-- after its change tables were locked. A line "-- run: {file}" runs Marts/{file}.sql scoped to the keys being
-- maintained; lake_* tables are temporary and dropped at commit. The review marts have their own script,
-- incremental_reviews.sql.

-- Statistics on the keys recorded since the last build. A build's TRUNCATE forgets them and autovacuum seldom runs
-- between the loads and the build, so the planner would guess (a thousand-odd keys); with two changed categories it
-- sorted every trusted product for a merge join, 288 ms against 53 ms (replayed, benchmarks/results/
-- session12-experiments.txt).
ANALYZE land.changes_marketplace_orders, land.changes_marketplace_order_items, land.changes_marketplace_customers,
    land.changes_marketplace_products, land.changes_files_category_translation;

-- Products whose category changed: the product itself, or its category's translation.
CREATE TEMP TABLE lake_changed_products ON COMMIT DROP AS
SELECT product_id FROM land.changes_marketplace_products
UNION
SELECT p.product_id
FROM trusted.marketplace_products AS p
JOIN land.changes_files_category_translation AS t ON t.product_category_name = p.product_category_name;

-- Orders whose lines may differ: changed orders and items, orders of changed customers, orders holding a changed
-- product.
CREATE TEMP TABLE lake_orders ON COMMIT DROP AS
SELECT order_id FROM land.changes_marketplace_orders
UNION
SELECT order_id FROM land.changes_marketplace_order_items
UNION
SELECT o.order_id
FROM trusted.marketplace_orders AS o
JOIN land.changes_marketplace_customers AS c ON c.customer_id = o.customer_id
UNION
SELECT l.order_id FROM marts.order_lines AS l WHERE l.product_id IN (SELECT product_id FROM lake_changed_products);

ANALYZE lake_orders;

-- The lines of those orders move to lake_old_lines: one pass takes them out and keeps them.
CREATE TEMP TABLE lake_old_lines (LIKE marts.order_lines) ON COMMIT DROP;

WITH gone AS (DELETE FROM marts.order_lines WHERE order_id IN (SELECT order_id FROM lake_orders) RETURNING *)
INSERT INTO lake_old_lines SELECT * FROM gone;

-- run: order_lines

CREATE TEMP TABLE lake_new_lines ON COMMIT DROP AS
SELECT * FROM marts.order_lines WHERE order_id IN (SELECT order_id FROM lake_orders);

-- basket_lines: the maintained orders' rows leave it and come back from their new lines, for the orders that still
-- hold two products or more.
DELETE FROM marts.basket_lines WHERE order_id IN (SELECT order_id FROM lake_orders);

INSERT INTO marts.basket_lines (order_id, product_id)
SELECT order_id, product_id
FROM lake_new_lines
WHERE product_id IS NOT NULL AND order_id IN (
    SELECT order_id FROM lake_new_lines WHERE product_id IS NOT NULL GROUP BY order_id HAVING count(*) > 1);

-- order_baskets: the baskets of the maintained orders as they were leave the count, those as they are join it (both
-- sides hold every line of those orders, so their distinct orders add up).
UPDATE marts.order_baskets
SET baskets = baskets
    - (SELECT count(DISTINCT order_id) FROM lake_old_lines WHERE product_id IS NOT NULL)
    + (SELECT count(DISTINCT order_id) FROM lake_new_lines WHERE product_id IS NOT NULL);

-- daily_sales_by_state_category: each group gains what the orders' new lines bring and loses what their old lines
-- brought (whole orders on both sides, so distinct orders add up).
WITH sides AS (
    SELECT sales_date, customer_state, product_category, count(DISTINCT order_id) AS orders, sum(items) AS items,
           sum(revenue) AS revenue, sum(freight) AS freight
    FROM lake_new_lines WHERE sales_date IS NOT NULL GROUP BY 1, 2, 3
    UNION ALL
    SELECT sales_date, customer_state, product_category, -count(DISTINCT order_id), -sum(items), -sum(revenue),
           -sum(freight)
    FROM lake_old_lines WHERE sales_date IS NOT NULL GROUP BY 1, 2, 3
),
delta AS (
    SELECT sales_date, customer_state, product_category, sum(orders) AS orders, sum(items) AS items,
           sum(revenue) AS revenue, sum(freight) AS freight
    FROM sides GROUP BY 1, 2, 3
)
INSERT INTO marts.daily_sales_by_state_category AS m
    (sales_date, customer_state, product_category, orders, items, revenue, freight)
SELECT * FROM delta WHERE orders <> 0 OR items <> 0 OR revenue <> 0 OR freight <> 0
ON CONFLICT (sales_date, customer_state, product_category) DO UPDATE SET
    orders = m.orders + EXCLUDED.orders, items = m.items + EXCLUDED.items, revenue = m.revenue + EXCLUDED.revenue,
    freight = m.freight + EXCLUDED.freight;

DELETE FROM marts.daily_sales_by_state_category
WHERE orders = 0
  AND (sales_date, customer_state, product_category) IN (
    SELECT sales_date, customer_state, product_category FROM lake_old_lines);

-- monthly_sales_fx_inflation: small, rebuilt from the daily mart and the economics series.
TRUNCATE marts.monthly_sales_fx_inflation;

-- run: monthly_sales_fx_inflation

-- bought_together: products whose baskets changed (an order gained or lost them) or whose category changed ...
CREATE TEMP TABLE lake_products ON COMMIT DROP AS
SELECT product_id FROM (
    (SELECT order_id, product_id FROM lake_old_lines WHERE product_id IS NOT NULL
     EXCEPT
     SELECT order_id, product_id FROM lake_new_lines WHERE product_id IS NOT NULL)
    UNION
    (SELECT order_id, product_id FROM lake_new_lines WHERE product_id IS NOT NULL
     EXCEPT
     SELECT order_id, product_id FROM lake_old_lines WHERE product_id IS NOT NULL)
) AS changed
UNION
SELECT product_id FROM lake_changed_products;

-- ... and every product sharing a basket with one of them, before or after the change: their pairs' counts, the
-- recommended products' orders (the lift tie-break) or categories may have changed. A product shares a basket with
-- another only in a basket of two products or more (marts.basket_lines, maintained above).
CREATE TEMP TABLE lake_pair_products ON COMMIT DROP AS
SELECT product_id FROM lake_products
UNION
SELECT b.product_id
FROM marts.basket_lines AS a
JOIN marts.basket_lines AS b ON b.order_id = a.order_id
WHERE a.product_id IN (SELECT product_id FROM lake_products)
UNION
SELECT b.product_id
FROM lake_old_lines AS a
JOIN lake_old_lines AS b ON b.order_id = a.order_id
WHERE a.product_id IN (SELECT product_id FROM lake_products) AND b.product_id IS NOT NULL;

ANALYZE lake_pair_products;

CREATE TEMP TABLE lake_old_pairs ON COMMIT DROP AS
SELECT product_id, rank, recommended_product_id, recommended_category, confidence
FROM marts.bought_together
WHERE product_id IN (SELECT product_id FROM lake_pair_products);

DELETE FROM marts.bought_together WHERE product_id IN (SELECT product_id FROM lake_pair_products);

-- run: bought_together

-- The other products' rows keep their pairs and ranks; their support and lift follow the number of baskets.
WITH total AS (SELECT baskets FROM marts.order_baskets)
UPDATE marts.bought_together AS b
SET support = round(b.orders_together::numeric / t.baskets, 10),
    lift = round(b.orders_together::numeric * t.baskets / (b.product_orders * b.recommended_orders), 6)
FROM total AS t
WHERE b.support <> round(b.orders_together::numeric / t.baskets, 10)
   OR b.lift <> round(b.orders_together::numeric * t.baskets / (b.product_orders * b.recommended_orders), 6);

-- customer_recommendations: customers whose orders changed, and customers of a product whose pairs changed in what a
-- recommendation reads (rank, recommended product, category, confidence).
CREATE TEMP TABLE lake_customers ON COMMIT DROP AS
SELECT customer_unique_id FROM lake_old_lines WHERE customer_unique_id IS NOT NULL
UNION
SELECT customer_unique_id FROM lake_new_lines WHERE customer_unique_id IS NOT NULL
UNION
SELECT l.customer_unique_id
FROM marts.order_lines AS l
WHERE l.customer_unique_id IS NOT NULL AND l.product_id IN (
    SELECT product_id FROM (
        (SELECT product_id, rank, recommended_product_id, recommended_category, confidence FROM lake_old_pairs
         EXCEPT
         SELECT product_id, rank, recommended_product_id, recommended_category, confidence
         FROM marts.bought_together WHERE product_id IN (SELECT product_id FROM lake_pair_products))
        UNION ALL
        (SELECT product_id, rank, recommended_product_id, recommended_category, confidence
         FROM marts.bought_together WHERE product_id IN (SELECT product_id FROM lake_pair_products)
         EXCEPT
         SELECT product_id, rank, recommended_product_id, recommended_category, confidence FROM lake_old_pairs)
    ) AS changed);

ANALYZE lake_customers;

DELETE FROM marts.customer_recommendations
WHERE customer_unique_id IN (SELECT customer_unique_id FROM lake_customers);

-- run: customer_recommendations
