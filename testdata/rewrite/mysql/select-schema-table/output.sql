SELECT a.plan FROM sales.accounts a WHERE (a.plan = 'pro') AND a.deleted_at IS NULL
