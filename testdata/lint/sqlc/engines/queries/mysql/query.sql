-- name: ListCustomers :many
SELECT * FROM customers WHERE name = sqlc.arg(name);

-- name: DeleteCustomer :exec
DELETE FROM customers WHERE id = ?;
