DELETE FROM leads WHERE id = 1 RETURNING id, (SELECT count(*) FROM customers) AS n
