SELECT * FROM customers PARTITION (p0) WHERE (id = 1) AND customers.deleted_at IS NULL
