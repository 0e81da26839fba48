INSERT INTO customers (id, email) VALUES (3, 'lee@example.com') ON CONFLICT (id) DO UPDATE SET deleted_at = NULL RETURNING email
