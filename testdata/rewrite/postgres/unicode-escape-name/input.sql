SELECT * FROM U&"\0063ustomers"
