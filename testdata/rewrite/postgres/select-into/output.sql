SELECT * INTO TEMP eu_customers FROM customers WHERE (region = 'eu') AND customers.deleted_at IS NULL
