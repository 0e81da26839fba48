UPDATE LOW_PRIORITY IGNORE customers SET deleted_at = CURRENT_TIMESTAMP(6) WHERE (id = 3) AND customers.deleted_at IS NULL
