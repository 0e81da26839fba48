SELECT * FROM orders LEFT JOIN (SELECT * FROM customers WHERE deleted_at IS NULL) AS customers USING (id) WHERE orders.is_deleted IS NOT TRUE
