ALTER ROLE CURRENT_USER SET session_replication_role = replica
