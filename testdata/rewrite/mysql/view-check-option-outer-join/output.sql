CREATE VIEW v AS SELECT c.id FROM customers c LEFT JOIN orders o ON o.is_deleted IS NOT TRUE AND (o.customer_id = c.id) WHERE c.deleted_at IS NULL WITH CASCADED CHECK OPTION
