-- The store's queries, as the application writes them: plain SQL with no
-- tombstone predicates. Through tombstone's driver, reads of customers and
-- support_tickets see live rows only and their DELETEs write tombstones.

-- name: GetCustomer :one
SELECT id, name, email, phone, created_at FROM customers WHERE id = ?;

-- name: ListCustomers :many
SELECT id, name, email, phone, created_at FROM customers ORDER BY id;

-- name: CreateCustomer :exec
INSERT INTO customers (id, name, email, phone, created_at) VALUES (?, ?, ?, ?, ?);

-- name: DeleteCustomer :execrows
DELETE FROM customers WHERE id = ?;

-- name: ListInvoices :many
SELECT id, customer_id, amount, billing_name, created_at FROM invoices WHERE customer_id = ? ORDER BY id;

-- name: CreateInvoice :exec
INSERT INTO invoices (id, customer_id, amount, billing_name, created_at) VALUES (?, ?, ?, ?, ?);

-- name: ListTickets :many
SELECT id, customer_id, subject, created_at FROM support_tickets WHERE customer_id = ? ORDER BY id;

-- name: CreateTicket :exec
INSERT INTO support_tickets (id, customer_id, subject, created_at) VALUES (?, ?, ?, ?);

-- name: DeleteTicket :execrows
DELETE FROM support_tickets WHERE id = ?;

-- name: CreateLead :exec
INSERT INTO leads (id, email, created_at) VALUES (?, ?, ?);

-- name: DeleteLead :execrows
DELETE FROM leads WHERE id = ?;
