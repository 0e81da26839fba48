SELECT x.n FROM (SELECT count(*) AS n FROM customers WHERE customers.deleted_at IS NULL) AS x
