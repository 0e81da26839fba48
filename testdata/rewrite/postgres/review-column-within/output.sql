SELECT c.within, count(*) FROM customers c WHERE c.deleted_at IS NULL GROUP BY c.within
