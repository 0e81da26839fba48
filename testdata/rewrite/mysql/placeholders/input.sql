SELECT * FROM customers WHERE region = ? AND id > ? LIMIT ?
