SELECT count(*) FROM customers WHERE customers.deleted_at IS NULL AND ("DELETED_AT" IS NULL)
