DELETE FROM customers WHERE customers.deleted_at IS NOT NULL AND (deleted_at < now() - interval '30 days')
