UPDATE shop.customers SET shop.customers.deleted_at = CURRENT_TIMESTAMP(6) WHERE (id = 1) AND shop.customers.deleted_at IS NULL
