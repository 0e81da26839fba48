DELETE shop.customers FROM shop.customers WHERE id = 1
