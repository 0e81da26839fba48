-- A column named begin, case or end outside a routine body opens no block:
-- the statements after it are linted on their own.
CREATE VIEW shift_starts AS SELECT s.id, s.begin, s."end" FROM shifts s;
-- @tombstone-ignore TS001 the restore screen lists tombstones
SELECT * FROM customers;
SELECT * FROM customers; -- want: TS001

CREATE FUNCTION live_count() RETURNS bigint LANGUAGE sql
BEGIN ATOMIC
  SELECT CASE WHEN true THEN 1 END;
  SELECT count(*) FROM customers c; -- want: TS001
END;

CREATE FUNCTION shift_length(begin int, finish int) RETURNS int AS 'SELECT finish - begin' LANGUAGE sql;
SELECT * FROM orders; -- want: TS001
