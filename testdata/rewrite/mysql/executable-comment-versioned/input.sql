SELECT * FROM customers /*!50700 WHERE deleted_at IS NULL */
