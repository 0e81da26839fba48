CREATE TABLE customers (id bigserial PRIMARY KEY, name text, email text, deleted_at timestamptz);
CREATE TABLE support_tickets (id bigserial PRIMARY KEY, customer_id bigint, body text, deleted_at timestamptz);
CREATE TABLE invoices (id bigserial PRIMARY KEY, customer_id bigint, total numeric, billing_name text);
