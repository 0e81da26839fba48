WITH old AS (SELECT id FROM customers WHERE region = 'eu') DELETE FROM support_tickets WHERE customer_id IN (SELECT id FROM old)
