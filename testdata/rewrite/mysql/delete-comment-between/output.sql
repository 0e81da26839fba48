UPDATE /* why */ customers SET deleted_at = CURRENT_TIMESTAMP(6) WHERE customers.deleted_at IS NULL AND (id = 1)
