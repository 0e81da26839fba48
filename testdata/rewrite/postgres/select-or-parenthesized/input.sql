SELECT * FROM customers WHERE email = $1 OR phone = $2
