SELECT current_setting('tombstone.actor', true)
