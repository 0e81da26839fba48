SELECT * FROM customers CROSS JOIN regions
