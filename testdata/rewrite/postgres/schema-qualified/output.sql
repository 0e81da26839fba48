SELECT * FROM sales.accounts a JOIN public.customers ON a.deleted_at IS NULL AND public.customers.deleted_at IS NULL AND (customers.id = a.customer_id)
