/* report: active customers */ SELECT count(*) -- how many
FROM customers /* the table */ WHERE (region = 'eu') AND customers.deleted_at IS NULL /* trailing */
