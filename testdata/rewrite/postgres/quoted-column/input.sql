SELECT * FROM notes n WHERE n.body LIKE 'x%'
