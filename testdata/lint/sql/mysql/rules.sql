-- One case per rule in MySQL's syntax; each line marked want: has the finding.
SELECT count(*) FROM customers; -- want: TS001
SELECT * FROM `customers` c WHERE c.`deleted_at` IS NULL;
SELECT o.id FROM orders o WHERE o.is_deleted = 0;
SELECT * FROM orders o LEFT JOIN customers c ON c.id = o.customer_id WHERE c.deleted_at IS NULL AND o.is_deleted = 0; -- want: TS002
DELETE FROM invoices WHERE id = 1; -- want: TS003
REPLACE INTO invoices (id) VALUES (1); -- want: TS003
DELETE FROM customers WHERE id = ?; -- want: TS004
REPLACE INTO customers (id) VALUES (1); -- want: TS004
UPDATE customers SET email = lower(email); -- want: TS005
# @tombstone-ignore missing-live-predicate hash comments carry suppressions in MySQL
SELECT * FROM notes;
SELECT * FROM customers c WHERE c.deleted_at <=> NULL;
SELECT * FROM customers c WHERE ISNULL(c.deleted_at);
