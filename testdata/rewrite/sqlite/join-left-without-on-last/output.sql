SELECT * FROM customers a LEFT JOIN customers b ON b.deleted_at IS NULL WHERE a.deleted_at IS NULL
