WITH customers AS (SELECT * FROM customers WHERE (region = 'eu') AND customers.deleted_at IS NULL) SELECT * FROM customers
