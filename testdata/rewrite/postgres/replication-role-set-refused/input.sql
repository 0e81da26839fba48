SET session_replication_role = replica; UPDATE customers SET deleted_at = NULL WHERE id = 1
