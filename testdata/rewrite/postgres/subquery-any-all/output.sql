SELECT * FROM products WHERE price > ALL (SELECT price FROM order_items WHERE order_items.deleted_unix = 0) AND id = ANY (SELECT product_id FROM order_items WHERE order_items.deleted_unix = 0)
