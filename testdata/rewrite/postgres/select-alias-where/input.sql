SELECT c.id, c.name FROM customers AS c WHERE c.region = $1
