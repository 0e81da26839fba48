INSERT INTO leads (id, email) SELECT id + 1000, email FROM customers WHERE region = 'eu'
