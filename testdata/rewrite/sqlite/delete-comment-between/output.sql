UPDATE /* a */ /* b */ customers SET deleted_at = CURRENT_TIMESTAMP -- c
WHERE (id = 1) AND customers.deleted_at IS NULL