ALTER TABLE customers MODIFY phone varchar(40)
