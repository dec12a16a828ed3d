-- BigQuery translation of Marts/review_words.sql. @stop_words: the Portuguese stop words (ARRAY<STRING>). Words are the
-- runs of Unicode letters (RE2 \p{L}) of the lower-cased title and message; ARRAY_TO_STRING skips a null part as
-- concat_ws does. /*REVIEWS*/ is empty for a full build, else a condition naming the reviews being maintained.
INSERT INTO {{marts}}.`review_words` (`review_id`, `order_id`, `word`, `occurrences`)
SELECT r.`review_id`, r.`order_id`, w, COUNT(*)
FROM {{trusted}}.`reviews_order_reviews` AS r
CROSS JOIN UNNEST(REGEXP_EXTRACT_ALL(
    LOWER(ARRAY_TO_STRING([r.`review_comment_title`, r.`review_comment_message`], ' ')),
    r'\p{L}+')) AS w
WHERE (r.`review_comment_title` IS NOT NULL OR r.`review_comment_message` IS NOT NULL)
  AND CHAR_LENGTH(w) >= 3
  AND w NOT IN UNNEST(@stop_words) /*REVIEWS*/
GROUP BY 1, 2, 3
