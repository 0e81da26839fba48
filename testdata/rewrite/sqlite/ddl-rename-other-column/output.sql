ALTER TABLE customers RENAME COLUMN phone TO mobile
