SELECT * FROM U&"\0063ustomers" WHERE customers.deleted_at IS NULL
