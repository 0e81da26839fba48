PREPARE q(int) AS SELECT * FROM customers WHERE id = $1
