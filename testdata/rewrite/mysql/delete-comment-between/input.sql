DELETE /* why */ FROM customers WHERE id = 1
