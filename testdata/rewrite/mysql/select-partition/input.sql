SELECT * FROM customers PARTITION (p0) WHERE id = 1
