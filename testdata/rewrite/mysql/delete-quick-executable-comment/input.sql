DELETE /*! QUICK */ FROM customers WHERE id = 1
