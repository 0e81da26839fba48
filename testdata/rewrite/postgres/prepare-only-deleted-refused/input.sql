PREPARE gone AS SELECT id FROM customers
