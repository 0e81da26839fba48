SELECT id FROM orders WHERE NOT is_deleted; SELECT id FROM orders WHERE is_deleted IS NOT TRUE; SELECT id FROM orders WHERE is_deleted = FALSE; SELECT id FROM orders o WHERE o.is_deleted <> 1
