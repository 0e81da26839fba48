DELETE FROM leads WHERE created_at < now() - interval '90 days'
