CREATE UNIQUE INDEX customers_email ON customers (email) WHERE deleted_at IS NULL
