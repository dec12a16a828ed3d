-- The number of baskets (see Migrations/0008_order_baskets.sql), counted from marts.order_lines by a full build.
INSERT INTO marts.order_baskets (baskets)
SELECT count(DISTINCT order_id) FROM marts.order_lines WHERE product_id IS NOT NULL
