PREPARE s FROM 'SELECT 1 ' 'FROM customers'
