SELECT * FROM customers /* block */ # hash
-- dash

