MERGE INTO products p USING (SELECT * FROM orders WHERE is_deleted IS NOT TRUE) o ON o.id = p.id WHEN MATCHED THEN UPDATE SET price = o.total
