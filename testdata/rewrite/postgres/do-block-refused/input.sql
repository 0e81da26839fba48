DO $$ BEGIN DELETE FROM customers; END $$
