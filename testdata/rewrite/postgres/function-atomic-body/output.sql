CREATE FUNCTION live_customers() RETURNS bigint LANGUAGE sql BEGIN ATOMIC SELECT count(*) FROM customers WHERE customers.deleted_at IS NULL; END
