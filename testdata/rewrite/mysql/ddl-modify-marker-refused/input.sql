ALTER TABLE order_items MODIFY deleted_unix varchar(20)
