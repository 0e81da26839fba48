VALUES ((SELECT count(*) FROM customers WHERE customers.deleted_at IS NULL)), (2)
