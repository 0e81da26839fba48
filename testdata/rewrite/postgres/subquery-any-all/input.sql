SELECT * FROM products WHERE price > ALL (SELECT price FROM order_items) AND id = ANY (SELECT product_id FROM order_items)
