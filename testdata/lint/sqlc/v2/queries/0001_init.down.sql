-- a golang-migrate down migration: sqlc skips it
DELETE FROM customers;
