CREATE FUNCTION live_customers() RETURNS bigint LANGUAGE sql BEGIN ATOMIC SELECT count(*) FROM customers; END
