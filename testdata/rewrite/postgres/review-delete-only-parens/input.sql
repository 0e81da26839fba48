DELETE FROM ONLY (customers) WHERE id = 1
