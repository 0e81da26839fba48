WITH eu AS (SELECT * FROM customers WHERE customers.deleted_at IS NULL AND (region = 'eu')) SELECT * FROM eu
