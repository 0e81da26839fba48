SELECT * FROM customers USE INDEX (PRIMARY) JOIN orders FORCE INDEX FOR JOIN (PRIMARY) ON orders.customer_id = customers.id WHERE customers.deleted_at IS NULL AND orders.is_deleted IS NOT TRUE
