SET @'tombstone_act\or' = 'mallory'
