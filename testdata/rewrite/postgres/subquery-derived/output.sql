SELECT s.region, s.n FROM (SELECT region, count(*) n FROM customers WHERE customers.deleted_at IS NULL GROUP BY region) s
