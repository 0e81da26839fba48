INSERT INTO customers (id, name) VALUES (2, 'x') ON DUPLICATE KEY UPDATE name = VALUES(name); -- want: TS005
INSERT INTO leads (id, email) VALUES (2, 'x') ON DUPLICATE KEY UPDATE email = VALUES(email);
UPDATE customers SET deleted_at = NULL WHERE id = 2; -- want: TS005
UPDATE customers c JOIN orders o ON o.customer_id = c.id SET c.deleted_at = NULL, o.total = 1; -- want: TS005 TS005
