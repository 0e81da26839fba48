CREATE POLICY p ON orders USING (EXISTS (SELECT 1 FROM customers c WHERE c.id = orders.customer_id))
