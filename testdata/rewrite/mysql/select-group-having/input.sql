SELECT region, count(*) FROM customers GROUP BY region HAVING count(*) > 1 ORDER BY 2 DESC
