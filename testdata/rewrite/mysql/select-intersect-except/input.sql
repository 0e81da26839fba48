SELECT id FROM customers INTERSECT SELECT customer_id FROM orders EXCEPT SELECT customer_id FROM notes
