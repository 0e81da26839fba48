SELECT * FROM regions r FULL JOIN U&"!0063ustomers" UESCAPE '!' x ON true
