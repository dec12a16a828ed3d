-- The lines of the baskets that hold two products or more: one row per (order, product) of marts.order_lines whose
-- order has at least two distinct products. Pairs of products (marts.bought_together, and the products an
-- incremental build must re-rank) come only from these baskets, about 6 % of the order lines in the Olist data
-- (17,511 of 269,791 at x10), so joining them with themselves replaces a self-join of every order line. Maintained
-- with order_lines by every marts build of the PostgreSQL engine: a full build fills it (Marts/basket_lines.sql); an
-- incremental build replaces the rows of the orders it maintains (Marts/incremental.sql). The BigQuery engine pairs
-- the order lines in its statements.
CREATE TABLE marts.basket_lines (
    order_id   text NOT NULL,
    product_id text NOT NULL,
    PRIMARY KEY (order_id, product_id)
);
