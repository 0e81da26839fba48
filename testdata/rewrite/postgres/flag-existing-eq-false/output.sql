SELECT * FROM orders WHERE is_deleted = false
