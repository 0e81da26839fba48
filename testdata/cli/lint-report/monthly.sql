-- name: MonthlyActive :one
SELECT count(*) FROM customers WHERE created_at > now() - interval '30 days';
