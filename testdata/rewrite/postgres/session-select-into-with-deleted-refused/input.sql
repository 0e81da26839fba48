SELECT name INTO TEMP t FROM customers
