SELECT * INTO TEMP eu_customers FROM customers WHERE region = 'eu'
