WITH customers AS (SELECT * FROM customers WHERE region = 'eu') SELECT * FROM customers
