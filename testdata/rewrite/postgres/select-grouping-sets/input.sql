SELECT region, status, count(*) FROM customers c JOIN orders o ON o.customer_id = c.id GROUP BY GROUPING SETS ((region), (status), ())
