WITH eu AS (SELECT * FROM customers WHERE region = 'eu') SELECT * FROM eu
