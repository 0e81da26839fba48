SELECT * FROM sales.accounts a JOIN public.customers ON customers.id = a.customer_id
