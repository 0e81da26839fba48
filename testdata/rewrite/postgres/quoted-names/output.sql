SELECT * FROM "customers" "C" JOIN "Notes" ON ("Notes".customer_id = "C".id) AND "C".deleted_at IS NULL AND "Notes"."RemovedAt" IS NULL
