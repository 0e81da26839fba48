DELETE c.* FROM customers c WHERE c.id = 1
