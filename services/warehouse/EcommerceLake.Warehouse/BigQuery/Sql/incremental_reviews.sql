-- BigQuery translation of Marts/incremental_reviews.sql, the review chain's incremental build: the same steps inside
-- the build script's transaction. The "run" line is replaced by the scoped BigQuery/Sql/review_words.sql; the ON
-- CONFLICT upsert is a MERGE, DELETE … USING is a DELETE with EXISTS, and the temporary table is the script's.

CREATE TEMP TABLE lake_old_words AS
SELECT w.* FROM {{marts}}.`review_words` AS w
JOIN {{land}}.`changes_reviews_order_reviews` AS c ON c.`review_id` = w.`review_id` AND c.`order_id` = w.`order_id`;

DELETE FROM {{marts}}.`review_words` AS w
WHERE EXISTS (
    SELECT 1 FROM {{land}}.`changes_reviews_order_reviews` AS c
    WHERE c.`review_id` = w.`review_id` AND c.`order_id` = w.`order_id`);

-- run: review_words

MERGE {{marts}}.`review_word_counts` AS m
USING (
    SELECT sides.`word`, SUM(sides.occurrences) AS occurrences, SUM(sides.reviews) AS reviews
    FROM (
        SELECT w.`word`, w.`occurrences` AS occurrences, 1 AS reviews
        FROM {{marts}}.`review_words` AS w
        JOIN {{land}}.`changes_reviews_order_reviews` AS c
            ON c.`review_id` = w.`review_id` AND c.`order_id` = w.`order_id`
        UNION ALL
        SELECT `word`, -`occurrences`, -1 FROM lake_old_words
    ) AS sides
    GROUP BY sides.`word`
    HAVING SUM(sides.occurrences) <> 0 OR SUM(sides.reviews) <> 0
) AS d
ON m.`word` = d.`word`
WHEN MATCHED THEN
    UPDATE SET `occurrences` = m.`occurrences` + d.occurrences, `reviews` = m.`reviews` + d.reviews
WHEN NOT MATCHED THEN
    INSERT (`word`, `occurrences`, `reviews`) VALUES (d.`word`, d.occurrences, d.reviews);

DELETE FROM {{marts}}.`review_word_counts`
WHERE `occurrences` = 0 AND `word` IN (SELECT `word` FROM lake_old_words);
