UPDATE customers SET name = $1 WHERE (id = $2) AND customers.deleted_at IS NULL
