SELECT * FROM notes n WHERE (n.body LIKE 'x%') AND n."RemovedAt" IS NULL
