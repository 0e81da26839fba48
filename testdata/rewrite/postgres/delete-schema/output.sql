UPDATE sales.accounts SET deleted_at = CURRENT_TIMESTAMP WHERE (plan = 'free') AND sales.accounts.deleted_at IS NULL
