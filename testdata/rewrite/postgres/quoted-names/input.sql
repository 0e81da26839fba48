SELECT * FROM "customers" "C" JOIN "Notes" ON "Notes".customer_id = "C".id
