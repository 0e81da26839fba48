DELETE FROM tombstone_audit WHERE actor = 'alex'
