SELECT * FROM shop.customers WHERE shop.customers.deleted_at IS NULL AND id = ?
