-- BigQuery translation of Marts/review_word_counts.sql. @stop_words: the Portuguese stop words (ARRAY<STRING>).
-- Words are the runs of Unicode letters (RE2 \p{L}) of the lower-cased title and message; ARRAY_TO_STRING skips a null
-- part as concat_ws does. A review is identified by (review_id, order_id), counted through its JSON text.
INSERT INTO {{marts}}.`review_word_counts` (`word`, `occurrences`, `reviews`)
SELECT w AS `word`, COUNT(*), COUNT(DISTINCT TO_JSON_STRING(STRUCT(r.`review_id`, r.`order_id`)))
FROM {{trusted}}.`reviews_order_reviews` AS r
CROSS JOIN UNNEST(REGEXP_EXTRACT_ALL(
    LOWER(ARRAY_TO_STRING([r.`review_comment_title`, r.`review_comment_message`], ' ')),
    r'\p{L}+')) AS w
WHERE (r.`review_comment_title` IS NOT NULL OR r.`review_comment_message` IS NOT NULL)
  AND CHAR_LENGTH(w) >= 3
  AND w NOT IN UNNEST(@stop_words)
GROUP BY w
