SELECT * FROM U&"!0063ustomers" UESCAPE '!' WHERE id = 1
