-- Marts, rebuilt from trusted by BuildMarts in one transaction.

-- Sales per purchase day, customer state and product category (English name when translated), canceled and
-- unavailable orders excluded (and orders without a purchase timestamp, which have no day). Items whose product or
-- category is unknown fall under 'unknown', as do customers without a state. revenue = sum(price),
-- freight = sum(freight_value), in the source currency (BRL).
CREATE TABLE marts.daily_sales_by_state_category (
    sales_date       date    NOT NULL,
    customer_state   text    NOT NULL,
    product_category text    NOT NULL,
    orders           bigint  NOT NULL,
    items            bigint  NOT NULL,
    revenue          numeric NOT NULL,
    freight          numeric NOT NULL,
    CONSTRAINT daily_sales_by_state_category_pkey PRIMARY KEY (sales_date, customer_state, product_category)
);

-- Words of review comment titles and messages: lower-cased, split on non-letters, at least 3 letters, Portuguese stop
-- words removed. occurrences counts every use, reviews the distinct reviews that use the word.
CREATE TABLE marts.review_word_counts (
    word        text   NOT NULL,
    occurrences bigint NOT NULL,
    reviews     bigint NOT NULL,
    CONSTRAINT review_word_counts_pkey PRIMARY KEY (word)
);

-- One row per marts build.
CREATE TABLE marts.builds (
    run_id     uuid        NOT NULL,
    built_at   timestamptz NOT NULL DEFAULT now(),
    row_counts jsonb       NOT NULL
);

CREATE INDEX builds_built_at_idx ON marts.builds (built_at DESC);
