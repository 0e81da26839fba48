COPY (SELECT id, email FROM customers WHERE deleted_at IS NULL) TO STDOUT WITH (FORMAT csv)
