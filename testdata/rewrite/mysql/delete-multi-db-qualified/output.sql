UPDATE shop.customers SET shop.customers.deleted_at = CURRENT_TIMESTAMP(6) WHERE shop.customers.deleted_at IS NULL AND (id = 1)
