SELECT * FROM orders o LEFT JOIN (SELECT * FROM order_items WHERE deleted_unix = ANY ('{0}')) AS order_items USING (id) WHERE o.is_deleted IS NOT TRUE
