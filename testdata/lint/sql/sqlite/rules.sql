-- One case per rule in SQLite's syntax; each line marked want: has the finding.
SELECT count(*) FROM customers; -- want: TS001
SELECT * FROM [customers] WHERE deleted_at IS NULL;
SELECT * FROM orders o LEFT JOIN customers c ON c.id = o.customer_id WHERE c.deleted_at IS NULL AND o.is_deleted = 0; -- want: TS002
DELETE FROM invoices WHERE id = 1; -- want: TS003
DELETE FROM customers WHERE id = ?; -- want: TS004
INSERT OR REPLACE INTO customers (id) VALUES (1); -- want: TS004
UPDATE orders SET total = 0; -- want: TS005
CREATE VIEW open_tickets AS SELECT * FROM support_tickets; -- want: TS001
SELECT * FROM orders o WHERE o.is_deleted IS 0;
