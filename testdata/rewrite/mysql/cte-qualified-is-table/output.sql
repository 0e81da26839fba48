WITH customers AS (SELECT 1 AS id) SELECT * FROM shop.customers WHERE shop.customers.deleted_at IS NULL
