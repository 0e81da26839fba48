SELECT * INTO TEMP eu_customers FROM customers WHERE customers.deleted_at IS NULL AND (region = 'eu')
