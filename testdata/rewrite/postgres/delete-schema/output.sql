UPDATE sales.accounts SET deleted_at = CURRENT_TIMESTAMP WHERE sales.accounts.deleted_at IS NULL AND (plan = 'free')
