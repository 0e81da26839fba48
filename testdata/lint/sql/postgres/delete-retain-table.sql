DELETE FROM invoices WHERE id = 1; -- want: TS003
TRUNCATE invoices; -- want: TS003
WITH gone AS (DELETE FROM invoices RETURNING id) SELECT count(*) FROM gone; -- want: TS003
DELETE FROM leads WHERE created_at < now() - interval '90 days';
