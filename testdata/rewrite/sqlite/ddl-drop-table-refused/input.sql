DROP TABLE IF EXISTS main."invoices"
