MERGE INTO customers c USING (SELECT * FROM leads) l ON l.email = c.email WHEN MATCHED AND c.region = 'eu' THEN DELETE WHEN MATCHED THEN DO NOTHING
