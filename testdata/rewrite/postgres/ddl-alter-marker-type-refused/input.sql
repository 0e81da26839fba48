ALTER TABLE order_items ALTER COLUMN deleted_unix TYPE text
