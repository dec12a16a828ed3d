-- Sorted after 0002 by ordinal name order; inserting twice would violate the primary key.
INSERT INTO mig.orders (order_id, status, amount) VALUES ('o1', 'delivered', 10.50);
