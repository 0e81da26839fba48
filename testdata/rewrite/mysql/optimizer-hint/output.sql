SELECT /*+ MAX_EXECUTION_TIME(1000) */ * FROM customers WHERE customers.deleted_at IS NULL
