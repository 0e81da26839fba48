INSERT INTO customers (id, email) VALUES (3, 'lee@example.com') ON CONFLICT (id) WHERE deleted_at IS NULL DO UPDATE SET deleted_at = NULL WHERE customers.deleted_at IS NULL RETURNING email
