UPDATE tombstone_audit SET actor = 'mallory' WHERE action = 'tombstone'
