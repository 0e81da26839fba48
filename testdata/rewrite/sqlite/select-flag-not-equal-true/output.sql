SELECT id FROM orders WHERE orders.is_deleted IS NOT TRUE AND (is_deleted <> TRUE); SELECT id FROM orders WHERE orders.is_deleted IS NOT TRUE AND (is_deleted != 1)
