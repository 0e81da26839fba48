SET @tombstone_actor = 'mallory'; DELETE FROM customers WHERE id = 1
