WITH eu AS (SELECT * FROM customers WHERE region = 'eu') SELECT * FROM eu JOIN orders o ON o.customer_id = eu.id
