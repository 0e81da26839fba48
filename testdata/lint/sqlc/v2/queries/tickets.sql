/* name: TicketsByCustomer :many */
SELECT t.* FROM support_tickets t
JOIN customers c ON c.id = t.customer_id
WHERE c.id = sqlc.arg(customer_id) AND c.deleted_at IS NULL AND t.deleted_at IS NULL;

-- name: CloseTickets :execrows
UPDATE support_tickets SET body = '' WHERE customer_id = ANY(sqlc.slice('ids'));

-- name: DropInvoice :exec
DELETE FROM invoices WHERE id = $1;
