SELECT E'a\'' AS s, count(*) FROM customers WHERE customers.deleted_at IS NULL
