-- name: Hidden :many
SELECT * FROM customers;
