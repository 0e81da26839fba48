DELETE FROM customers c WHERE c.region = 'eu' RETURNING c.id, c.deleted_at
