SELECT x.a FROM customers AS x(a, b)
