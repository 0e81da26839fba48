UPDATE customers SET (name, deleted_at) = ('x', NULL) WHERE id = 1
