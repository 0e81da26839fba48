DELETE FROM sales.accounts WHERE plan = 'free'
