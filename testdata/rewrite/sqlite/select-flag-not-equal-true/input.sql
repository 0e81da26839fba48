SELECT id FROM orders WHERE is_deleted <> TRUE; SELECT id FROM orders WHERE is_deleted != 1
