CREATE POLICY p ON orders USING (EXISTS (SELECT 1 FROM customers c WHERE c.deleted_at IS NULL AND (c.id = orders.customer_id)))
