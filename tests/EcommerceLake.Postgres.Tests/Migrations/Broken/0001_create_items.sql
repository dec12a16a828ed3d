CREATE TABLE mig.items (item_id text PRIMARY KEY);
