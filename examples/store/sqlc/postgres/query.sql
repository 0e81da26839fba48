-- The store's queries, as the application writes them: plain SQL with no
-- tombstone predicates. Through tombstone's driver, reads of customers and
-- support_tickets see live rows only and their DELETEs write tombstones.

-- name: GetCustomer :one
SELECT id, name, email, phone, created_at FROM customers WHERE id = $1;

-- name: ListCustomers :many
SELECT id, name, email, phone, created_at FROM customers ORDER BY id;

-- name: CreateCustomer :exec
INSERT INTO customers (id, name, email, phone, created_at) VALUES ($1, $2, $3, $4, $5);

-- name: DeleteCustomer :execrows
DELETE FROM customers WHERE id = $1;

-- name: ListInvoices :many
SELECT id, customer_id, amount, billing_name, created_at FROM invoices WHERE customer_id = $1 ORDER BY id;

-- name: CreateInvoice :exec
INSERT INTO invoices (id, customer_id, amount, billing_name, created_at) VALUES ($1, $2, $3, $4, $5);

-- name: ListTickets :many
SELECT id, customer_id, subject, created_at FROM support_tickets WHERE customer_id = $1 ORDER BY id;

-- name: CreateTicket :exec
INSERT INTO support_tickets (id, customer_id, subject, created_at) VALUES ($1, $2, $3, $4);

-- name: DeleteTicket :execrows
DELETE FROM support_tickets WHERE id = $1;

-- name: CreateLead :exec
INSERT INTO leads (id, email, created_at) VALUES ($1, $2, $3);

-- name: DeleteLead :execrows
DELETE FROM leads WHERE id = $1;
