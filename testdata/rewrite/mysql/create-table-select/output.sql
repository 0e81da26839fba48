CREATE TABLE backup SELECT * FROM orders WHERE orders.is_deleted IS NOT TRUE
