-- Columns named begin and end open no block outside a routine body.
CREATE TABLE shifts (id int, begin datetime, end datetime);
CREATE VIEW shift_starts AS SELECT s.id, s.begin FROM shifts s;
SELECT * FROM customers; -- want: TS001
CREATE DEFINER=`admin`@`%` PROCEDURE purge_shifts(IN begin INT)
BEGIN
  DECLARE EXIT HANDLER FOR SQLEXCEPTION BEGIN ROLLBACK; END;
  DELETE FROM shifts WHERE shifts.begin < begin;
  SELECT CASE WHEN begin > 0 THEN begin ELSE 0 END FROM shifts;
END;
SELECT * FROM orders; -- want: TS001
