-- BigQuery translation of Marts/review_word_counts.sql: a full build from marts.review_words.
INSERT INTO {{marts}}.`review_word_counts` (`word`, `occurrences`, `reviews`)
SELECT `word`, SUM(`occurrences`), COUNT(*)
FROM {{marts}}.`review_words`
GROUP BY `word`
