-- The lines of the baskets with two products or more (see Migrations/0012_basket_lines.sql), from marts.order_lines
-- by a full build.
INSERT INTO marts.basket_lines (order_id, product_id)
SELECT order_id, product_id
FROM marts.order_lines
WHERE product_id IS NOT NULL AND order_id IN (
    SELECT order_id FROM marts.order_lines WHERE product_id IS NOT NULL GROUP BY order_id HAVING count(*) > 1)
