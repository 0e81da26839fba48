SELECT (SELECT count(*) FROM notes WHERE notes."RemovedAt" IS NULL AND (RemovedAt IS NULL)) FROM (SELECT NULL::timestamptz AS removedat) x
