SELECT id, row_number() OVER (PARTITION BY region ORDER BY id) FROM customers WINDOW w AS (ORDER BY id)
