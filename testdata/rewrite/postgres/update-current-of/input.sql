UPDATE customers SET name = 'x' WHERE CURRENT OF c1
