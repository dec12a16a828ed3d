-- The words of each review (see Migrations/0006_incremental_marts.sql). $1: the stop words (text[]). /*COLLATE*/ is
-- replaced by a COLLATE clause naming an ICU collation when the server has one, so that lower() and [[:alpha:]] know
-- accented letters whatever the database's own locale. /*REVIEWS*/ is empty for a full build, else a condition on
-- (r.review_id, r.order_id) naming the reviews being maintained. The words are counted inside each review, whose key
-- is trusted's primary key, so no grouping (a sort or hash of every word of every review) is needed across reviews.
INSERT INTO marts.review_words (review_id, order_id, word, occurrences)
SELECT r.review_id, r.order_id, w.word, w.occurrences
FROM trusted.reviews_order_reviews AS r
CROSS JOIN LATERAL (
    SELECT word, count(*) AS occurrences
    FROM regexp_split_to_table(
        lower(concat_ws(' ', r.review_comment_title, r.review_comment_message) /*COLLATE*/),
        '[^[:alpha:]]+') AS split(word)
    WHERE char_length(word) >= 3
      AND NOT (word = ANY ($1))
    GROUP BY word) AS w
WHERE (r.review_comment_title IS NOT NULL OR r.review_comment_message IS NOT NULL) /*REVIEWS*/
