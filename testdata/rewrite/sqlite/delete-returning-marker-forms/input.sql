DELETE FROM notes WHERE id = 1 RETURNING (removedat), [RemovedAt] IS NULL AS was_live, notes.REMOVEDAT
