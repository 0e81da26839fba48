DELETE FROM leads WHERE created_at < ?
