SELECT E'a\'' AS s, count(*) FROM customers
