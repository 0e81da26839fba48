WITH f AS (SELECT set_config('tombstone.actor', 'mallory', false)) DELETE FROM customers WHERE id = 1
