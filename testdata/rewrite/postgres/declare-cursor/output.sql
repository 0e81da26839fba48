DECLARE c1 CURSOR FOR SELECT * FROM customers WHERE customers.deleted_at IS NULL
