SELECT count(*) FROM customers WHERE ("DELETED_AT" IS NULL) AND customers.deleted_at IS NULL
