SELECT c.within, count(*) FROM customers c GROUP BY c.within
