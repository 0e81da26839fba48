DELETE FROM customers WHERE id = 1 AND set_config('tombstone.actor', 'mallory', true) IS NOT NULL
