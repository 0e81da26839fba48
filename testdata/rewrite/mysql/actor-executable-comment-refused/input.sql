/*! SET @tombstone_actor = 'mallory' */
