SELECT count(*) FROM notes WHERE "RemovedAt" IS NULL
