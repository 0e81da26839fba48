SELECT * FROM customers /*T![x] WHERE deleted_at IS NULL */
