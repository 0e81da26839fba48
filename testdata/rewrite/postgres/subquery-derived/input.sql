SELECT s.region, s.n FROM (SELECT region, count(*) n FROM customers GROUP BY region) s
