DELETE FROM leads WHERE email IN (SELECT email FROM customers WHERE customers.deleted_at IS NULL)
