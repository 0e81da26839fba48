SELEC * FROM customers; -- want: TS007
SELECT * FROM customers WHERE deleted_at IS NULL;
DO $$ BEGIN DELETE FROM customers; END $$; -- want: TS007
SELEC * FROM tables_nobody_governs;
SELECT * FROM orders WHERE NOT is_deleted;
