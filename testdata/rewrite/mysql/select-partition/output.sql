SELECT * FROM customers PARTITION (p0) WHERE customers.deleted_at IS NULL AND (id = 1)
