SELECT id FROM orders WHERE (is_deleted <> TRUE) AND orders.is_deleted IS NOT TRUE; SELECT id FROM orders WHERE (is_deleted != 1) AND orders.is_deleted IS NOT TRUE
