WITH eu AS (SELECT * FROM customers WHERE (region = 'eu') AND customers.deleted_at IS NULL) SELECT * FROM eu JOIN orders o ON (o.customer_id = eu.id) AND o.is_deleted IS NOT TRUE
