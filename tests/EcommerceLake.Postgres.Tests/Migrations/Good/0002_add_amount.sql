-- Depends on 0001: fails if applied out of order.
ALTER TABLE mig.orders ADD COLUMN amount numeric(12, 2) NOT NULL DEFAULT 0;
