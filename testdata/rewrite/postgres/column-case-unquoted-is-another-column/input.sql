SELECT (SELECT count(*) FROM notes WHERE RemovedAt IS NULL) FROM (SELECT NULL::timestamptz AS removedat) x
