SELECT set_config('tombstone.action', 'anonymize', true); DELETE FROM customers WHERE id = 1
