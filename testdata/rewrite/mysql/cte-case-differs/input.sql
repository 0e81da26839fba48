WITH Customers AS (SELECT 1 AS id) SELECT * FROM customers
