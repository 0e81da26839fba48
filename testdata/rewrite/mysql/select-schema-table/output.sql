SELECT a.plan FROM sales.accounts a WHERE a.deleted_at IS NULL AND (a.plan = 'pro')
