TRUNCATE TABLE invoices, products
