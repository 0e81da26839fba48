WITH Customers AS (SELECT 1 AS id) SELECT * FROM customers WHERE customers.deleted_at IS NULL
