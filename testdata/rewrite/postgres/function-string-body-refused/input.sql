CREATE FUNCTION live_customers() RETURNS bigint LANGUAGE sql AS 'SELECT count(*) FROM customers'
