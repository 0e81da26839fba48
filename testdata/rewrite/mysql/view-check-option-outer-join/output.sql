CREATE VIEW v AS SELECT c.id FROM customers c LEFT JOIN orders o ON (o.customer_id = c.id) AND o.is_deleted IS NOT TRUE WHERE c.deleted_at IS NULL WITH CASCADED CHECK OPTION
