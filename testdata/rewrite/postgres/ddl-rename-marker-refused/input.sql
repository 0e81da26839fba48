ALTER TABLE customers RENAME COLUMN deleted_at TO gone_at
