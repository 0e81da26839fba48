INSERT INTO customers (id, email, name) SELECT id, email, 'lead' FROM leads WHERE true LIMIT 1 OFFSET 0 ON CONFLICT (email) DO UPDATE SET email = excluded.email, name = 'again'
