UPDATE notes SET "RemovedAt" = CURRENT_TIMESTAMP WHERE (id = 1) AND notes."RemovedAt" IS NULL
