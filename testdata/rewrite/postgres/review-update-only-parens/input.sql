UPDATE ONLY (customers) SET name = 'x' WHERE id = 1
