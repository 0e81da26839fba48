INSERT INTO tombstone_audit (actor, action, table_name) VALUES ('mallory', 'tombstone', 'customers')
