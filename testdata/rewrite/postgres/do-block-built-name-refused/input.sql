DO $$ BEGIN EXECUTE 'DELETE FROM cust' || 'omers'; END $$
