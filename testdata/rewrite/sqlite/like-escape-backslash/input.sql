SELECT id FROM customers WHERE name LIKE 'a\_%' ESCAPE '\'
