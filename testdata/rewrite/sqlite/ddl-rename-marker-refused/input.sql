ALTER TABLE orders RENAME is_deleted TO gone
