-- MySQL runs the text of executable comments: it is linted as SQL.
/*! DELETE FROM invoices */; -- want: TS003
SELECT id /*!, (SELECT count(*) FROM customers) AS n */ FROM leads; -- want: TS001
/*!50700 SELECT * FROM customers */; -- want: TS007
/* a plain comment: SELECT * FROM customers */ SELECT 1;
-- In MySQL, -- starts a comment only before a space: 1--1 is 1 - -1.
SELECT 1--1 FROM customers; -- want: TS001
