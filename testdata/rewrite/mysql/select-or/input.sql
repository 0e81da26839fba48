SELECT id FROM customers WHERE region = 'eu' OR region = 'us'
