-- café in Latin-1
SELECT * FROM customers;
