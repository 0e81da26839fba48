SELECT * FROM customers USE INDEX (PRIMARY) JOIN orders FORCE INDEX FOR JOIN (PRIMARY) ON customers.deleted_at IS NULL AND orders.is_deleted IS NOT TRUE AND (orders.customer_id = customers.id)
