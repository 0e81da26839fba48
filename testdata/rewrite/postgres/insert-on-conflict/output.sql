INSERT INTO customers (id, email) VALUES ($1, $2) ON CONFLICT (email) WHERE deleted_at IS NULL DO UPDATE SET name = excluded.name WHERE customers.deleted_at IS NULL RETURNING id
