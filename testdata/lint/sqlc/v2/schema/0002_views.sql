-- +goose Up
-- Schema files are linted too: a view reads its tables every time it is
-- queried.
CREATE VIEW customer_emails AS SELECT id, email FROM customers;
CREATE UNIQUE INDEX customers_email_live ON customers (email) WHERE deleted_at IS NULL;

-- +goose Down
-- The down migration is skipped, as sqlc skips it.
DROP VIEW customer_emails;
DELETE FROM customers;
