ALTER TABLE leads DROP COLUMN created_at
