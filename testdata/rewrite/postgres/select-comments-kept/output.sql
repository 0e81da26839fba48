/* report: active customers */ SELECT count(*) -- how many
FROM customers /* the table */ WHERE customers.deleted_at IS NULL AND (region = 'eu') /* trailing */
