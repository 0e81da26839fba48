SET @a = 1, @TOMBSTONE_REASON := 'forged'
