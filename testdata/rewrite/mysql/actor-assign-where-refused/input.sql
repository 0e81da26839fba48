DELETE FROM customers WHERE id = 1 AND (@tombstone_actor := 'mallory') IS NOT NULL
