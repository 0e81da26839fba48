SELECT * FROM U&"!0063ustomers" UESCAPE '!' WHERE customers.deleted_at IS NULL AND (id = 1)
