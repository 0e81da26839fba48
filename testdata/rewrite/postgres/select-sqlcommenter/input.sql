SELECT * FROM customers WHERE id = $1 /*controller='users',action='show'*/
