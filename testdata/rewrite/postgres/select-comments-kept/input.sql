/* report: active customers */ SELECT count(*) -- how many
FROM customers /* the table */ WHERE region = 'eu' /* trailing */
