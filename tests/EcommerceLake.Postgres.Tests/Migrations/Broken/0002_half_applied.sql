-- The first statement succeeds, the second fails: the whole script must roll back.
INSERT INTO mig.items (item_id) VALUES ('i1');
INSERT INTO mig.no_such_table (x) VALUES (1);
