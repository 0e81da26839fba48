SET tombstone.actor = 'mallory'; DELETE FROM customers WHERE id = 1
