UPDATE customers SET email = lower(email); -- want: TS005
UPDATE orders SET total = 0 WHERE id = $1; -- want: TS005
UPDATE customers SET email = lower(email) WHERE deleted_at IS NULL;
INSERT INTO customers (id, email) VALUES (1, 'a@b.c') ON CONFLICT (email) DO UPDATE SET id = excluded.id; -- want: TS005 TS005
MERGE INTO customers c USING leads l ON c.email = l.email -- want: TS005
WHEN MATCHED THEN UPDATE SET name = 'x';
UPDATE customers SET deleted_at = NULL WHERE id = 2; -- want: TS005
UPDATE orders SET is_deleted = false, total = 0 WHERE id = 1; -- want: TS005
UPDATE notes SET removedat = NULL WHERE id = 1; -- want: TS005
