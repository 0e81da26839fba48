SELECT * FROM notes WHERE notes.removedat IS NULL
