ALTER TABLE [order_items] DROP COLUMN deleted_unix
