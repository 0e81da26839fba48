SELECT id AS distinct FROM customers
