SELECT c.id FROM customers c LEFT JOIN orders conflict ON "conflict".is_deleted IS NOT TRUE AND (conflict.customer_id = c.id) WHERE c.deleted_at IS NULL
