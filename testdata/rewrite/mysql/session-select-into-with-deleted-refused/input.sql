SELECT name INTO @v FROM customers LIMIT 1
