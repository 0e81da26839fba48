SELECT sales.accounts.plan FROM sales.accounts WHERE sales.accounts.deleted_at IS NULL
