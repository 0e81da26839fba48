SELECT * FROM customers WHERE (name LIKE 'a\_b%') AND customers.deleted_at IS NULL
