CREATE TEMP TABLE t AS SELECT name FROM customers WHERE customers.deleted_at IS NULL
