SELECT id, row_number() OVER (PARTITION BY region ORDER BY id) FROM customers WHERE customers.deleted_at IS NULL WINDOW w AS (ORDER BY id)
