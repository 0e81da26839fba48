DELETE FROM customers WHERE id = $1; -- want: TS004
DELETE FROM orders o USING customers c WHERE o.customer_id = c.id AND c.deleted_at IS NULL; -- want: TS004
TRUNCATE support_tickets; -- want: TS004
