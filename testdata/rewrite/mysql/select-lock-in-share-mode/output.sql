SELECT * FROM orders WHERE orders.is_deleted IS NOT TRUE AND (total > 10) LOCK IN SHARE MODE
