SELECT * FROM orders JOIN order_items USING (id) WHERE orders.is_deleted IS NOT TRUE AND order_items.deleted_unix = ANY ('{0}')
