CREATE TABLE mig.orders (order_id text PRIMARY KEY, status text NOT NULL);
