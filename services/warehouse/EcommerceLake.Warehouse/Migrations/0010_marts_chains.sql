-- Marts chains are built apart: the saga asks for a chain's build as soon as the run's streams of the tables it reads
-- are loaded (Contracts/MartsInputs.cs). Each chain's build records its own row: chain = 'orders' or 'reviews', NULL
-- for the builds of every chain recorded before. A chain's build compares its definition with the last build of that
-- chain (or of every chain).
ALTER TABLE marts.builds ADD COLUMN chain text;
