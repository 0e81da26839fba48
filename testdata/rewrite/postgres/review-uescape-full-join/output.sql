SELECT * FROM regions r FULL JOIN (SELECT * FROM U&"!0063ustomers" UESCAPE '!' WHERE deleted_at IS NULL) x ON true
