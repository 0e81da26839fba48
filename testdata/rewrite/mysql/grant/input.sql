GRANT SELECT, DELETE ON shop.customers TO 'app'@'%'
