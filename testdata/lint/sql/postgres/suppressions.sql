-- @tombstone-ignore-file delete-retain-table the yearly archive job runs under a retention exemption

-- @tombstone-ignore missing-live-predicate the audit export must see deleted customers
SELECT * FROM customers;

/* @tombstone-ignore TS005 backfill of every row, tombstones included */
UPDATE customers SET email = lower(email);

DELETE FROM invoices WHERE created_at < '2010-01-01';

-- @tombstone-ignore update-touches-tombstones nothing to suppress here -- want: TS006
SELECT * FROM customers WHERE deleted_at IS NULL;

/* @tombstone-ignore TS001 */ -- want: TS009
SELECT * FROM orders; -- want: TS001

-- @tombstone-ignore not-a-rule because of reasons -- want: TS009
SELECT 1;
SELECT * FROM leads; -- @tombstone-ignore TS001 trailing comments count for their statement -- want: TS006

-- Mentioned in prose, a directive suppresses nothing: see @tombstone-ignore-file TS001 in the README
SELECT * FROM support_tickets; -- want: TS001
/*
 * @tombstone-ignore TS001 a doc-style block comment line is a directive
 */
SELECT * FROM support_tickets;
