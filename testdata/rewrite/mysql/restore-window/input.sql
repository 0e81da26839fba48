UPDATE customers SET deleted_at = NULL WHERE id = ?
