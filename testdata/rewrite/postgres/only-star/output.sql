SELECT * FROM ONLY customers, orders * WHERE customers.deleted_at IS NULL AND orders.is_deleted IS NOT TRUE
