WITH eu AS (SELECT * FROM customers WHERE customers.deleted_at IS NULL AND (region = 'eu')) SELECT * FROM eu JOIN orders o ON o.is_deleted IS NOT TRUE AND (o.customer_id = eu.id)
