INSERT INTO customers (id, email) VALUES (3, 'lee@example.com') ON CONFLICT DO UPDATE SET deleted_at = NULL, email = excluded.email RETURNING email
