ALTER TABLE orders ADD COLUMN note text, DROP COLUMN is_deleted
