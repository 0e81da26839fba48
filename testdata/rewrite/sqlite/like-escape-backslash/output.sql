SELECT id FROM customers WHERE (name LIKE 'a\_%' ESCAPE '\') AND customers.deleted_at IS NULL
