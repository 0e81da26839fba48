MERGE INTO customers c USING (VALUES (1)) AS v(id) ON c.id = v.id WHEN MATCHED THEN UPDATE SET deleted_at = NULL
