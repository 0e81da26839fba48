SELECT c.id FROM customers c LEFT JOIN (VALUES (1, NULL::date)) AS p(id, "end") ON p.id = c.id AND CASE WHEN p.end IS NULL THEN true ELSE false END
