-- Recommendation marts, built from the order items of orders that were not canceled or unavailable. A basket is the
-- set of distinct products of one such order; N is the number of baskets.

-- Item-to-item "bought together": for a product A, the products B found in the same baskets, best first, the
-- 10 best per product (rank 1..10). orders_together = baskets holding A and B; product_orders = baskets holding A;
-- recommended_orders = baskets holding B;
-- support    = orders_together / N, rounded to 10 decimals;
-- confidence = orders_together / product_orders (P(B | A)), rounded to 6 decimals;
-- lift       = orders_together * N / (product_orders * recommended_orders) (confidence / P(B)), rounded to 6 decimals;
-- rank orders by confidence, then lift, then orders_together (each descending), then recommended_product_id.
-- Categories are the English names (files.category_translation), else the Portuguese name, else 'unknown'.
CREATE TABLE marts.bought_together (
    product_id               text    NOT NULL,
    rank                     integer NOT NULL,
    recommended_product_id   text    NOT NULL,
    product_category         text    NOT NULL,
    recommended_category     text    NOT NULL,
    orders_together          bigint  NOT NULL,
    product_orders           bigint  NOT NULL,
    recommended_orders       bigint  NOT NULL,
    support                  numeric NOT NULL,
    confidence               numeric NOT NULL,
    lift                     numeric NOT NULL,
    CONSTRAINT bought_together_pkey PRIMARY KEY (product_id, rank)
);

-- Per customer (customer_unique_id: one person across their orders) the 10 best products they have not bought
-- (rank 1..10), drawn from marts.bought_together of every product they bought:
-- score          = the sum of those pairs' confidence (rounded to 6 decimals),
-- because_of     = the bought product whose pair has the highest confidence (ties: the smallest product id),
-- rank orders by score descending, then product_id. Customers whose products have no pair get no row.
CREATE TABLE marts.customer_recommendations (
    customer_unique_id   text    NOT NULL,
    rank                 integer NOT NULL,
    product_id           text    NOT NULL,
    product_category     text    NOT NULL,
    score                numeric NOT NULL,
    because_of           text    NOT NULL,
    CONSTRAINT customer_recommendations_pkey PRIMARY KEY (customer_unique_id, rank)
);
