-- A restriction counts in any form equivalent to the marker's live test, as
-- a top-level conjunct, with or without alias, quoted or not: no findings.
SELECT * FROM customers WHERE deleted_at IS NULL;
SELECT * FROM customers c WHERE c.deleted_at IS NULL AND c.active;
SELECT * FROM customers c WHERE c."deleted_at" IS NULL;
SELECT * FROM "customers" WHERE "customers".deleted_at IS NULL;
SELECT * FROM orders o WHERE NOT o.is_deleted;
SELECT * FROM orders o WHERE o.is_deleted = false;
SELECT * FROM orders o WHERE o.is_deleted = 0;
SELECT * FROM orders WHERE is_deleted IS NOT TRUE;
SELECT * FROM order_items i WHERE i.deleted_unix = 0;
SELECT * FROM notes n WHERE n."RemovedAt" IS NULL;
SELECT * FROM orders o LEFT JOIN customers c ON c.id = o.customer_id AND c.deleted_at IS NULL WHERE NOT o.is_deleted;
-- Under OR it does not count:
SELECT * FROM customers c WHERE c.deleted_at IS NULL OR c.vip; -- want: TS001
-- Nor does the tombstone test:
SELECT * FROM customers c WHERE c.deleted_at IS NOT NULL; -- want: TS001
SELECT * FROM order_items e WHERE e.deleted_unix = 0::bigint;
SELECT * FROM orders o WHERE o.is_deleted = FALSE::boolean;
SELECT * FROM customers WHERE deleted_at IS NOT DISTINCT FROM NULL;
SELECT * FROM orders WHERE is_deleted = 0::text; -- want: TS001
