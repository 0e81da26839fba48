-- The store's tables before tombstone (examples/store.Schema); written by
-- examples/store/sqlc's tests (go test -update).

CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT NOT NULL, email TEXT NOT NULL, phone TEXT, created_at TEXT NOT NULL);

CREATE TABLE invoices (id INTEGER PRIMARY KEY, customer_id INTEGER NOT NULL REFERENCES customers (id), amount NUMERIC NOT NULL, billing_name TEXT NOT NULL, created_at TEXT NOT NULL);

CREATE TABLE support_tickets (id INTEGER PRIMARY KEY, customer_id INTEGER NOT NULL REFERENCES customers (id), subject TEXT NOT NULL, created_at TEXT NOT NULL);

CREATE TABLE leads (id INTEGER PRIMARY KEY, email TEXT NOT NULL, created_at TEXT NOT NULL);
