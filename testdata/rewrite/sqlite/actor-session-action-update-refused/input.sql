UPDATE temp.tombstone_session SET action = 'purge'
