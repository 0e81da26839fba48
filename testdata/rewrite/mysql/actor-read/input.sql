SET @who = @tombstone_actor
