SELECT 'customers' FROM products
