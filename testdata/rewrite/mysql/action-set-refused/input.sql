SET @tombstone_action = 'purge'; DELETE FROM customers WHERE id = 1
