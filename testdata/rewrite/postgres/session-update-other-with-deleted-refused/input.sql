UPDATE report SET names = (SELECT string_agg(name, ',') FROM customers)
