SELECT 'a\'', (SELECT count(*) FROM customers) AS n --'
