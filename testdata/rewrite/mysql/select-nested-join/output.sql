SELECT * FROM customers c JOIN orders o JOIN order_items i ON i.order_id = o.id ON o.customer_id = c.id WHERE c.deleted_at IS NULL AND o.is_deleted IS NOT TRUE AND i.deleted_unix <=> 0
