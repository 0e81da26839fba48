SELECT a.x IS DISTINCT FROM 1 FROM (SELECT 1 AS x) a, customers WHERE customers.deleted_at IS NULL
