VALUES ((SELECT count(*) FROM customers)), (2)
