UPDATE /* a */ /* b */ customers SET deleted_at = CURRENT_TIMESTAMP -- c
WHERE customers.deleted_at IS NULL AND (id = 1)