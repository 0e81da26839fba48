SELECT * FROM "customers" "C" JOIN "Notes" ON "C".deleted_at IS NULL AND "Notes"."RemovedAt" IS NULL AND ("Notes".customer_id = "C".id)
