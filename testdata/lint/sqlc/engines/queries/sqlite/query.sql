-- name: ListCustomers :many
SELECT * FROM customers WHERE name = @name;

-- name: ReplaceInvoice :exec
INSERT OR REPLACE INTO invoices (id) VALUES (?);
