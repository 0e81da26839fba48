DELETE FROM orders WHERE id = 3
