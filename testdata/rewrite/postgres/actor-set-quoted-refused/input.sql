SET "Tombstone"."actor" TO 'mallory'
