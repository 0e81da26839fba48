SELECT * FROM sales.accounts a JOIN public.customers ON (customers.id = a.customer_id) AND a.deleted_at IS NULL AND public.customers.deleted_at IS NULL
