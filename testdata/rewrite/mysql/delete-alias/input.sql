DELETE FROM customers AS c WHERE c.region = 'eu'
