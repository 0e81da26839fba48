SELECT sales.accounts.plan FROM sales.accounts
