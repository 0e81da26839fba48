TRUNCATE products
