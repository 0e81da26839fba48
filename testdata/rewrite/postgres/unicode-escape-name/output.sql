SELECT * FROM U&"\0063ustomers" WHERE U&"\0063ustomers".deleted_at IS NULL
