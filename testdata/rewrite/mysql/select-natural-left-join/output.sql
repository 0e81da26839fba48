SELECT * FROM orders NATURAL LEFT JOIN (SELECT * FROM customers WHERE deleted_at IS NULL) AS customers WHERE orders.is_deleted IS NOT TRUE
