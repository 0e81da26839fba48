MERGE INTO customers t USING (VALUES (2,'x')) s(id,name) ON t.id = s.id WHEN MATCHED AND s.name = 'del' THEN DELETE WHEN MATCHED THEN UPDATE SET name = s.name
