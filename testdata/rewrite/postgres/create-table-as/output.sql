CREATE TABLE snapshot AS SELECT * FROM orders WHERE orders.is_deleted IS NOT TRUE
