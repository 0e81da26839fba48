SELECT c.id FROM customers c LEFT JOIN orders conflict ON (conflict.customer_id = c.id) AND "conflict".is_deleted IS NOT TRUE WHERE c.deleted_at IS NULL
