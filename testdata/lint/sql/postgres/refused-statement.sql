INSERT INTO customers (id) VALUES (1) ON CONFLICT ON CONSTRAINT customers_pkey DO NOTHING; -- want: TS008
TRUNCATE leads; -- want: TS008
