-- name: GetCustomer :one
SELECT * FROM customers
WHERE id = $1 AND deleted_at IS NULL
LIMIT 1;

-- name: ListCustomers :many
SELECT * FROM customers
ORDER BY name;

-- name: SearchCustomers :many
SELECT sqlc.embed(customers) FROM customers
WHERE name ILIKE sqlc.arg(pattern) AND deleted_at IS NULL;

-- name: DeleteCustomer :exec
DELETE FROM customers WHERE id = @id;

-- name: ListCustomersWithDeleted :many
-- @tombstone-ignore missing-live-predicate the admin restore screen lists tombstones
SELECT * FROM customers ORDER BY deleted_at NULLS FIRST;
