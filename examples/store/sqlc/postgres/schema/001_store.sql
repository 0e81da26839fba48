-- The store's tables before tombstone (examples/store.Schema); written by
-- examples/store/sqlc's tests (go test -update).

CREATE TABLE customers (id integer PRIMARY KEY, name text NOT NULL, email text NOT NULL, phone text, created_at timestamptz NOT NULL);

CREATE TABLE invoices (id integer PRIMARY KEY, customer_id integer NOT NULL REFERENCES customers (id), amount numeric(10,2) NOT NULL, billing_name text NOT NULL, created_at timestamptz NOT NULL);

CREATE TABLE support_tickets (id integer PRIMARY KEY, customer_id integer NOT NULL REFERENCES customers (id), subject text NOT NULL, created_at timestamptz NOT NULL);

CREATE TABLE leads (id integer PRIMARY KEY, email text NOT NULL, created_at timestamptz NOT NULL);
