MERGE INTO customers c USING leads l ON c.deleted_at IS NULL AND (l.email = c.email) WHEN MATCHED THEN UPDATE SET name = 'known' WHEN NOT MATCHED THEN INSERT (id, email) VALUES (l.id, l.email)
