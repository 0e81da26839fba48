SELECT * FROM customers, JSON_TABLE('[1]', '$[*]' COLUMNS (x INT PATH '$')) AS jt
