-- The number of baskets N of the recommendation marts (Migrations/0005_recommendations.sql): the orders of
-- marts.order_lines with at least one product. One row, maintained with order_lines by every marts build of the
-- PostgreSQL engine: a full build counts it (Marts/order_baskets.sql); an incremental build subtracts the baskets of
-- the orders it maintains as they were and adds them as they are (Marts/incremental.sql), so neither bought_together
-- nor the support and lift update counts every order again. The BigQuery engine counts N in its statements.
CREATE TABLE marts.order_baskets (
    single  boolean PRIMARY KEY DEFAULT true CHECK (single),
    baskets bigint  NOT NULL CHECK (baskets >= 0)
);
