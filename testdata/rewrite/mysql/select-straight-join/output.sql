SELECT STRAIGHT_JOIN c.id FROM customers c STRAIGHT_JOIN orders o ON o.customer_id = c.id WHERE c.deleted_at IS NULL AND o.is_deleted IS NOT TRUE
