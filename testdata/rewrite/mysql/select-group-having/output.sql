SELECT region, count(*) FROM customers WHERE customers.deleted_at IS NULL GROUP BY region HAVING count(*) > 1 ORDER BY 2 DESC
