SELECT * FROM (customers c, orders o) LEFT JOIN order_items i ON i.order_id = o.id
