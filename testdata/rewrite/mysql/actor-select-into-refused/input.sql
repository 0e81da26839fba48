SELECT 'mallory', 'x' INTO @a, @`tombstone_actor`
