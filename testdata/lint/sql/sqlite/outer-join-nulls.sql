-- A live test above an outer join that is false for NULL drops rows the
-- join keeps, even when the join's ON holds the live predicate.
SELECT c.name, o.id FROM customers c LEFT JOIN orders o ON o.customer_id = c.id AND o.is_deleted IS NOT TRUE -- want: TS002
WHERE c.deleted_at IS NULL AND o.is_deleted = 0;
SELECT c.name, o.id FROM customers c LEFT JOIN orders o ON o.customer_id = c.id AND o.is_deleted = 0 -- want: TS002
WHERE c.deleted_at IS NULL AND o.is_deleted IS FALSE;
-- IS NULL and IS NOT TRUE hold for NULL: no finding.
SELECT c.name, o.id FROM customers c LEFT JOIN orders o ON o.customer_id = c.id AND o.is_deleted = 0
WHERE c.deleted_at IS NULL AND o.is_deleted IS NOT TRUE;
SELECT o.id, c.name FROM orders o LEFT JOIN customers c ON c.id = o.customer_id AND c.deleted_at IS NULL
WHERE o.is_deleted = 0 AND c.deleted_at IS NULL;
