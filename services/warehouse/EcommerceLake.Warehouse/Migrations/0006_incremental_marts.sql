-- Incremental marts maintenance. A load of a stream the marts read records the primary keys it inserted, updated or
-- deleted in land.changes_{table} (created with the stream's tables); the next marts build maintains the marts for
-- those keys only and empties the change tables in the same transaction. Two fact tables hold each mart's inputs at
-- the grain a change touches, so a build knows what an order or a review contributed before it changed.

-- One row per order that is not canceled or unavailable and product of its items (product_id NULL for items without
-- one): what the order contributes to the sales and recommendation marts. sales_date = the purchase day (NULL without
-- a purchase timestamp); customer_state and product_category as in daily_sales_by_state_category ('unknown' when
-- missing); items = its item count; revenue = sum(price) and freight = sum(freight_value), 0 when all are NULL (BRL).
CREATE TABLE marts.order_lines (
    order_id           text    NOT NULL,
    product_id         text,
    customer_unique_id text,
    sales_date         date,
    customer_state     text    NOT NULL,
    product_category   text    NOT NULL,
    items              bigint  NOT NULL,
    revenue            numeric NOT NULL,
    freight            numeric NOT NULL
);

-- Only the order index: a build replaces whole orders and joins baskets by order; the other look-ups (by product, by
-- customer) hash-join a small key set against one scan, cheaper than keeping more indexes on every full build.
CREATE INDEX order_lines_order_id_idx ON marts.order_lines (order_id);

-- One row per review and word of its comment title and message (as review_word_counts splits them): occurrences =
-- the uses of the word in that review (one row per review and word; no index: a build finds the changed reviews'
-- rows by hash-joining their keys against one scan).
CREATE TABLE marts.review_words (
    review_id   text   NOT NULL,
    order_id    text   NOT NULL,
    word        text   NOT NULL,
    occurrences bigint NOT NULL
);

-- mode: 'full' (every mart rebuilt from trusted) or 'incremental'; definition: the SHA-256 of the marts' SQL the
-- build ran, so a changed definition rebuilds fully.
ALTER TABLE marts.builds ADD COLUMN mode text, ADD COLUMN definition text;
