DROP TABLE IF EXISTS report, invoices
