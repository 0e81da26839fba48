SELECT x.a FROM (SELECT * FROM customers WHERE deleted_at IS NULL) AS x(a, b)
