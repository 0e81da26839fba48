-- name: ListCustomers :many
SELECT * FROM customers WHERE name = sqlc.arg(name);
