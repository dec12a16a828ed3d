-- $1: the stop words (text[]). /*COLLATE*/ is replaced by a COLLATE clause naming an ICU collation when the server has
-- one, so that lower() and [[:alpha:]] know accented letters whatever the database's own locale.
INSERT INTO marts.review_word_counts (word, occurrences, reviews)
SELECT w.word, count(*), count(DISTINCT (r.review_id, r.order_id))
FROM trusted.reviews_order_reviews AS r
CROSS JOIN LATERAL regexp_split_to_table(
    lower(concat_ws(' ', r.review_comment_title, r.review_comment_message) /*COLLATE*/),
    '[^[:alpha:]]+') AS w(word)
WHERE (r.review_comment_title IS NOT NULL OR r.review_comment_message IS NOT NULL)
  AND char_length(w.word) >= 3
  AND NOT (w.word = ANY ($1))
GROUP BY w.word
