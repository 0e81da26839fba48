SELECT * FROM regions r NATURAL LEFT JOIN (SELECT * FROM customers WHERE deleted_at IS NULL) AS customers
