SELECT * FROM (WITH orders AS (SELECT 1 AS id) SELECT * FROM orders) x JOIN orders o ON o.id = x.id WHERE o.is_deleted IS NOT TRUE
