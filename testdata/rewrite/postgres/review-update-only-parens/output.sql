UPDATE ONLY (customers) SET name = 'x' WHERE customers.deleted_at IS NULL AND (id = 1)
