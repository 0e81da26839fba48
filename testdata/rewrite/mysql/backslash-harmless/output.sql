SELECT * FROM customers WHERE customers.deleted_at IS NULL AND (name LIKE 'a\_b%')
