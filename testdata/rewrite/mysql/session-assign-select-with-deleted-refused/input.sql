SELECT @v := name FROM customers
