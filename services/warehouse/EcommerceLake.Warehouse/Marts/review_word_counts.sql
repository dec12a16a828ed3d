-- Full build from marts.review_words: reviews = the reviews (one review_words row each) that use the word.
INSERT INTO marts.review_word_counts (word, occurrences, reviews)
SELECT word, sum(occurrences), count(*)
FROM marts.review_words
GROUP BY word
