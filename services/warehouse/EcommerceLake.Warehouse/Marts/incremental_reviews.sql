-- Incremental maintenance of the review marts (MartsChain.Reviews) for the reviews recorded in
-- land.changes_reviews_order_reviews since the last build, run statement by statement in the chain's own transaction
-- after that table was locked (beside the order marts' chain, on another connection). A line "-- run: {file}" runs
-- Marts/{file}.sql scoped to the reviews being maintained; lake_* tables are temporary and dropped at commit.

-- review_word_counts: each word gains what the changed reviews' new words bring and loses what their old words
-- brought.
CREATE TEMP TABLE lake_old_words (LIKE marts.review_words) ON COMMIT DROP;

-- The change table holds a review once per load that changed it, so it is read through IN (a semi-join), never
-- joined.
WITH gone AS (
    DELETE FROM marts.review_words AS w
    WHERE (w.review_id, w.order_id) IN (SELECT review_id, order_id FROM land.changes_reviews_order_reviews)
    RETURNING w.*)
INSERT INTO lake_old_words SELECT * FROM gone;

-- run: review_words

WITH sides AS (
    SELECT w.word, w.occurrences, 1 AS reviews
    FROM marts.review_words AS w
    WHERE (w.review_id, w.order_id) IN (SELECT review_id, order_id FROM land.changes_reviews_order_reviews)
    UNION ALL
    SELECT word, -occurrences, -1 FROM lake_old_words
),
delta AS (
    SELECT word, sum(occurrences) AS occurrences, sum(reviews) AS reviews FROM sides GROUP BY word
)
INSERT INTO marts.review_word_counts AS m (word, occurrences, reviews)
SELECT word, occurrences, reviews FROM delta WHERE occurrences <> 0 OR reviews <> 0
ON CONFLICT (word) DO UPDATE SET
    occurrences = m.occurrences + EXCLUDED.occurrences, reviews = m.reviews + EXCLUDED.reviews;

DELETE FROM marts.review_word_counts
WHERE occurrences = 0 AND word IN (SELECT word FROM lake_old_words);
