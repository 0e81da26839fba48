SELECT * FROM orders WHERE (total > 10) AND orders.is_deleted IS NOT TRUE LOCK IN SHARE MODE
