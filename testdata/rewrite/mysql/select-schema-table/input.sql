SELECT a.plan FROM sales.accounts a WHERE a.plan = 'pro'
