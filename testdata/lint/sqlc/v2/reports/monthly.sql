-- name: MonthlyActive :one
SELECT count(*) FROM customers WHERE created_at > now() - interval '30 days';

-- name: TicketsPerCustomer :many
SELECT c.id, count(t.id)
FROM customers c
LEFT JOIN support_tickets t ON t.customer_id = c.id
WHERE c.deleted_at IS NULL AND t.deleted_at IS NULL
GROUP BY c.id;
