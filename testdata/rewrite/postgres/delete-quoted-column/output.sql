UPDATE notes SET "RemovedAt" = CURRENT_TIMESTAMP WHERE notes."RemovedAt" IS NULL AND (id = 1)
