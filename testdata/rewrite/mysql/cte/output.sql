WITH eu AS (SELECT * FROM customers WHERE (region = 'eu') AND customers.deleted_at IS NULL) SELECT * FROM eu
