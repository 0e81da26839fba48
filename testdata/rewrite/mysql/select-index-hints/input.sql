SELECT * FROM customers USE INDEX (PRIMARY) JOIN orders FORCE INDEX FOR JOIN (PRIMARY) ON orders.customer_id = customers.id
