INSERT INTO customers (id, email) VALUES (3, 'lee@example.com') ON DUPLICATE KEY UPDATE deleted_at = NULL
