DROP TABLE temp.tombstone_session
