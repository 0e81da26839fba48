EXPLAIN (ANALYZE false) SELECT * FROM customers
