SELECT * FROM customers WHERE customers.deleted_at IS NULL /*T![x] WHERE deleted_at IS NULL */
