SELECT o.id, c.name
FROM orders o
LEFT JOIN customers c ON c.id = o.customer_id -- want: TS002
WHERE c.deleted_at IS NULL AND NOT o.is_deleted;
SELECT * FROM customers c RIGHT JOIN orders o ON o.customer_id = c.id -- want: TS002
WHERE c.deleted_at IS NULL AND o.is_deleted = false;
