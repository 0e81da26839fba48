PREPARE s FROM 'SELECT name FROM products WHERE id = ?'
