SELECT set_config('tombstone.' || 'actor', 'mallory', false)
