DROP TABLE invoices
