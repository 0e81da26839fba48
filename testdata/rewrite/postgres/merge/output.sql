MERGE INTO customers c USING leads l ON (l.email = c.email) AND c.deleted_at IS NULL WHEN MATCHED THEN UPDATE SET name = 'known' WHEN NOT MATCHED THEN INSERT (id, email) VALUES (l.id, l.email)
