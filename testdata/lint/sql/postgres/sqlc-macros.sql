-- name: GetCustomer :one
SELECT * FROM customers WHERE id = sqlc.arg(id) AND deleted_at IS NULL;

-- name: ListCustomers :many
SELECT sqlc.embed(c) FROM customers c WHERE c.id = ANY(sqlc.slice('ids')) -- want: TS001
LIMIT sqlc.narg('lim');

/* name: SearchCustomers :many */
SELECT * FROM customers WHERE name = @name; -- want: TS001

-- name: CountTickets :one
SELECT count(*) FROM support_tickets -- want: TS001
WHERE customer_id = sqlc.arg(customer_id);
