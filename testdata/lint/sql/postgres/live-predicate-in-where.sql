SELECT o.id, c.name
FROM orders o
LEFT JOIN customers c ON c.id = o.customer_id -- want: TS002
WHERE c.deleted_at IS NULL AND NOT o.is_deleted;
SELECT * FROM customers c RIGHT JOIN orders o ON o.customer_id = c.id -- want: TS002
WHERE c.deleted_at IS NULL AND o.is_deleted = false;
-- The fix adds the predicate to ON and leaves WHERE alone. A test there
-- that is false for NULL still drops customers without live orders, as an
-- inner join would: reported after the fix too, without a fix.
SELECT c.name, o.id FROM customers c LEFT JOIN orders o ON o.customer_id = c.id -- want: TS002
WHERE c.deleted_at IS NULL AND o.is_deleted = false;
SELECT c.name, o.id FROM customers c LEFT JOIN orders o ON (o.customer_id = c.id) AND o.is_deleted IS NOT TRUE -- want: TS002
WHERE c.deleted_at IS NULL AND o.is_deleted = false;
SELECT c.name, i.id FROM customers c LEFT JOIN order_items i ON i.order_id = c.id AND i.deleted_unix = 0 -- want: TS002
WHERE c.deleted_at IS NULL AND i.deleted_unix = 0;
SELECT c.name, o.id FROM customers c LEFT JOIN orders o ON o.customer_id = c.id AND NOT o.is_deleted -- want: TS002
WHERE c.deleted_at IS NULL AND (NOT o.is_deleted) AND o.id > 10;
-- IS NULL and IS NOT TRUE hold for the NULLs the join adds: harmless once
-- ON keeps tombstones out.
SELECT c.name, o.id FROM customers c LEFT JOIN orders o ON o.customer_id = c.id AND o.is_deleted IS NOT TRUE
WHERE c.deleted_at IS NULL AND o.is_deleted IS NOT TRUE;
SELECT o.id, c.name FROM orders o LEFT JOIN customers c ON c.id = o.customer_id AND c.deleted_at IS NULL
WHERE NOT o.is_deleted AND c.deleted_at IS NULL;
