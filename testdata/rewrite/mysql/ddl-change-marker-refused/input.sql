ALTER TABLE orders CHANGE is_deleted gone tinyint(1)
