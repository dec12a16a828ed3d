-- The words of each review (see Migrations/0006_incremental_marts.sql). $1: the stop words (text[]). /*COLLATE*/ is
-- replaced by a COLLATE clause naming an ICU collation when the server has one, so that lower() and [[:alpha:]] know
-- accented letters whatever the database's own locale. /*REVIEWS*/ is empty for a full build, else a condition on
-- (r.review_id, r.order_id) naming the reviews being maintained.
INSERT INTO marts.review_words (review_id, order_id, word, occurrences)
SELECT r.review_id, r.order_id, w.word, count(*)
FROM trusted.reviews_order_reviews AS r
CROSS JOIN LATERAL regexp_split_to_table(
    lower(concat_ws(' ', r.review_comment_title, r.review_comment_message) /*COLLATE*/),
    '[^[:alpha:]]+') AS w(word)
WHERE (r.review_comment_title IS NOT NULL OR r.review_comment_message IS NOT NULL)
  AND char_length(w.word) >= 3
  AND NOT (w.word = ANY ($1)) /*REVIEWS*/
GROUP BY r.review_id, r.order_id, w.word
