UPDATE temp.tombstone_session SET actor = 'mallory'; DELETE FROM customers WHERE id = 1
