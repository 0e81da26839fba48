INSERT INTO customers (id, email) VALUES (1, 'a@b') ON DUPLICATE KEY UPDATE email = VALUES(email)
