INSERT INTO customers (id, name, email) VALUES ($1, $2, $3)
