DELETE FROM customers WHERE (deleted_at < now() - interval '30 days') AND customers.deleted_at IS NOT NULL
