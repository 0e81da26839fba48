SELECT actor FROM temp.tombstone_session
