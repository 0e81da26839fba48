MERGE INTO products p USING orders o ON o.id = p.id WHEN MATCHED THEN UPDATE SET price = o.total
