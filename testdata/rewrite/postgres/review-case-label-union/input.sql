SELECT c.id FROM customers c WHERE c.id IN (SELECT 1 AS case UNION SELECT 3)
