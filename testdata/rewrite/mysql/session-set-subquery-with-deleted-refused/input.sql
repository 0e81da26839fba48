SET @v = (SELECT GROUP_CONCAT(name) FROM customers)
