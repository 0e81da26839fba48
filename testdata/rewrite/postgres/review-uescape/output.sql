SELECT * FROM U&"!0063ustomers" UESCAPE '!' WHERE (id = 1) AND customers.deleted_at IS NULL
