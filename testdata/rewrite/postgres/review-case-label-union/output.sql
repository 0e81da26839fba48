SELECT c.id FROM customers c WHERE c.deleted_at IS NULL AND (c.id IN (SELECT 1 AS case UNION SELECT 3))
