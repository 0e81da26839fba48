SELECT set_config('session_replication_role', 'replica', false)
