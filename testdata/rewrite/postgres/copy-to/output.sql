COPY (SELECT * FROM customers WHERE deleted_at IS NULL) TO STDOUT
