SELECT * FROM regions r NATURAL LEFT JOIN customers
