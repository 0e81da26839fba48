-- The store's tables before tombstone (examples/store.Schema); written by
-- examples/store/sqlc's tests (go test -update).

CREATE TABLE customers (id INT PRIMARY KEY, name VARCHAR(255) NOT NULL, email VARCHAR(255) NOT NULL, phone VARCHAR(255), created_at DATETIME(6) NOT NULL);

CREATE TABLE invoices (id INT PRIMARY KEY, customer_id INT NOT NULL REFERENCES customers (id), amount DECIMAL(10,2) NOT NULL, billing_name VARCHAR(255) NOT NULL, created_at DATETIME(6) NOT NULL);

CREATE TABLE support_tickets (id INT PRIMARY KEY, customer_id INT NOT NULL REFERENCES customers (id), subject VARCHAR(255) NOT NULL, created_at DATETIME(6) NOT NULL);

CREATE TABLE leads (id INT PRIMARY KEY, email VARCHAR(255) NOT NULL, created_at DATETIME(6) NOT NULL);
