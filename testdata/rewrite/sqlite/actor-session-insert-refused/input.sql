INSERT INTO tombstone_session (actor, reason) VALUES ('mallory', '')
