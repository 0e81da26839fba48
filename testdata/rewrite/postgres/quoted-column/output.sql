SELECT * FROM notes n WHERE n."RemovedAt" IS NULL AND (n.body LIKE 'x%')
