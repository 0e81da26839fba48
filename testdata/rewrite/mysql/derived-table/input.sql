SELECT x.n FROM (SELECT count(*) AS n FROM customers) AS x
