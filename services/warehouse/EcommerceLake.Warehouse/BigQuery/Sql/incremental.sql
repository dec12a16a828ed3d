-- BigQuery translation of Marts/incremental.sql, the order chain's incremental build (incremental_reviews.sql is the
-- review chain's): the same steps inside the build script's transaction. Each "run" line is replaced by the scoped
-- BigQuery/Sql/{file}.sql it names; ON CONFLICT upserts are MERGEs, DELETE … USING is a DELETE with EXISTS, and the
-- temporary tables are the script's.

CREATE TEMP TABLE lake_changed_products AS
SELECT `product_id` FROM {{land}}.`changes_marketplace_products`
UNION DISTINCT
SELECT p.`product_id`
FROM {{trusted}}.`marketplace_products` AS p
JOIN {{land}}.`changes_files_category_translation` AS t ON t.`product_category_name` = p.`product_category_name`;

CREATE TEMP TABLE lake_orders AS
SELECT `order_id` FROM {{land}}.`changes_marketplace_orders`
UNION DISTINCT
SELECT `order_id` FROM {{land}}.`changes_marketplace_order_items`
UNION DISTINCT
SELECT o.`order_id`
FROM {{trusted}}.`marketplace_orders` AS o
JOIN {{land}}.`changes_marketplace_customers` AS c ON c.`customer_id` = o.`customer_id`
UNION DISTINCT
SELECT l.`order_id` FROM {{marts}}.`order_lines` AS l
WHERE l.`product_id` IN (SELECT `product_id` FROM lake_changed_products);

CREATE TEMP TABLE lake_old_lines AS
SELECT * FROM {{marts}}.`order_lines` WHERE `order_id` IN (SELECT `order_id` FROM lake_orders);

DELETE FROM {{marts}}.`order_lines` WHERE `order_id` IN (SELECT `order_id` FROM lake_orders);

-- run: order_lines

CREATE TEMP TABLE lake_new_lines AS
SELECT * FROM {{marts}}.`order_lines` WHERE `order_id` IN (SELECT `order_id` FROM lake_orders);

MERGE {{marts}}.`daily_sales_by_state_category` AS m
USING (
    SELECT `sales_date`, `customer_state`, `product_category`, SUM(sides.orders) AS orders, SUM(sides.items) AS items,
           SUM(sides.revenue) AS revenue, SUM(sides.freight) AS freight
    FROM (
        SELECT `sales_date`, `customer_state`, `product_category`, COUNT(DISTINCT `order_id`) AS orders,
               SUM(`items`) AS items, SUM(`revenue`) AS revenue, SUM(`freight`) AS freight
        FROM lake_new_lines WHERE `sales_date` IS NOT NULL GROUP BY 1, 2, 3
        UNION ALL
        SELECT `sales_date`, `customer_state`, `product_category`, -COUNT(DISTINCT `order_id`), -SUM(`items`),
               -SUM(`revenue`), -SUM(`freight`)
        FROM lake_old_lines WHERE `sales_date` IS NOT NULL GROUP BY 1, 2, 3
    ) AS sides
    GROUP BY 1, 2, 3
    HAVING SUM(sides.orders) <> 0 OR SUM(sides.items) <> 0 OR SUM(sides.revenue) <> 0 OR SUM(sides.freight) <> 0
) AS d
ON m.`sales_date` = d.`sales_date` AND m.`customer_state` = d.`customer_state`
   AND m.`product_category` = d.`product_category`
WHEN MATCHED THEN
    UPDATE SET `orders` = m.`orders` + d.orders, `items` = m.`items` + d.items, `revenue` = m.`revenue` + d.revenue,
        `freight` = m.`freight` + d.freight
WHEN NOT MATCHED THEN
    INSERT (`sales_date`, `customer_state`, `product_category`, `orders`, `items`, `revenue`, `freight`)
    VALUES (d.`sales_date`, d.`customer_state`, d.`product_category`, d.orders, d.items, d.revenue, d.freight);

DELETE FROM {{marts}}.`daily_sales_by_state_category` AS m
WHERE m.`orders` = 0 AND EXISTS (
    SELECT 1 FROM lake_old_lines AS o
    WHERE o.`sales_date` = m.`sales_date` AND o.`customer_state` = m.`customer_state`
      AND o.`product_category` = m.`product_category`);

DELETE FROM {{marts}}.`monthly_sales_fx_inflation` WHERE TRUE;

-- run: monthly_sales_fx_inflation

CREATE TEMP TABLE lake_products AS
SELECT `product_id` FROM (
    (SELECT `order_id`, `product_id` FROM lake_old_lines WHERE `product_id` IS NOT NULL
     EXCEPT DISTINCT
     SELECT `order_id`, `product_id` FROM lake_new_lines WHERE `product_id` IS NOT NULL)
    UNION DISTINCT
    (SELECT `order_id`, `product_id` FROM lake_new_lines WHERE `product_id` IS NOT NULL
     EXCEPT DISTINCT
     SELECT `order_id`, `product_id` FROM lake_old_lines WHERE `product_id` IS NOT NULL)
)
UNION DISTINCT
SELECT `product_id` FROM lake_changed_products;

CREATE TEMP TABLE lake_pair_products AS
SELECT `product_id` FROM lake_products
UNION DISTINCT
SELECT b.`product_id`
FROM {{marts}}.`order_lines` AS a
JOIN {{marts}}.`order_lines` AS b ON b.`order_id` = a.`order_id`
WHERE a.`product_id` IN (SELECT `product_id` FROM lake_products) AND b.`product_id` IS NOT NULL
UNION DISTINCT
SELECT b.`product_id`
FROM lake_old_lines AS a
JOIN lake_old_lines AS b ON b.`order_id` = a.`order_id`
WHERE a.`product_id` IN (SELECT `product_id` FROM lake_products) AND b.`product_id` IS NOT NULL;

CREATE TEMP TABLE lake_old_pairs AS
SELECT `product_id`, `rank`, `recommended_product_id`, `recommended_category`, `confidence`
FROM {{marts}}.`bought_together`
WHERE `product_id` IN (SELECT `product_id` FROM lake_pair_products);

DELETE FROM {{marts}}.`bought_together` WHERE `product_id` IN (SELECT `product_id` FROM lake_pair_products);

-- run: bought_together

UPDATE {{marts}}.`bought_together` AS b
SET `support` = ROUND(CAST(b.`orders_together` AS BIGNUMERIC) / t.baskets, 10),
    `lift` = ROUND(CAST(b.`orders_together` AS BIGNUMERIC) * t.baskets
        / (b.`product_orders` * b.`recommended_orders`), 6)
FROM (
    SELECT COUNT(DISTINCT `order_id`) AS baskets FROM {{marts}}.`order_lines` WHERE `product_id` IS NOT NULL
) AS t
WHERE b.`support` <> ROUND(CAST(b.`orders_together` AS BIGNUMERIC) / t.baskets, 10)
   OR b.`lift` <> ROUND(CAST(b.`orders_together` AS BIGNUMERIC) * t.baskets
       / (b.`product_orders` * b.`recommended_orders`), 6);

CREATE TEMP TABLE lake_customers AS
SELECT `customer_unique_id` FROM lake_old_lines WHERE `customer_unique_id` IS NOT NULL
UNION DISTINCT
SELECT `customer_unique_id` FROM lake_new_lines WHERE `customer_unique_id` IS NOT NULL
UNION DISTINCT
SELECT l.`customer_unique_id`
FROM {{marts}}.`order_lines` AS l
WHERE l.`customer_unique_id` IS NOT NULL AND l.`product_id` IN (
    SELECT `product_id` FROM (
        (SELECT `product_id`, `rank`, `recommended_product_id`, `recommended_category`, `confidence`
         FROM lake_old_pairs
         EXCEPT DISTINCT
         SELECT `product_id`, `rank`, `recommended_product_id`, `recommended_category`, `confidence`
         FROM {{marts}}.`bought_together` WHERE `product_id` IN (SELECT `product_id` FROM lake_pair_products))
        UNION ALL
        (SELECT `product_id`, `rank`, `recommended_product_id`, `recommended_category`, `confidence`
         FROM {{marts}}.`bought_together` WHERE `product_id` IN (SELECT `product_id` FROM lake_pair_products)
         EXCEPT DISTINCT
         SELECT `product_id`, `rank`, `recommended_product_id`, `recommended_category`, `confidence`
         FROM lake_old_pairs)
    ));

DELETE FROM {{marts}}.`customer_recommendations`
WHERE `customer_unique_id` IN (SELECT `customer_unique_id` FROM lake_customers);

-- run: customer_recommendations
