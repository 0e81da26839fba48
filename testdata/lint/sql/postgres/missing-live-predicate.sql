-- Every place a read can hide: each line marked want: has the finding.
SELECT count(*) FROM customers; -- want: TS001
SELECT * FROM customers c WHERE c.created_at > now() - interval '30 days' -- want: TS001
ORDER BY c.id;
SELECT id FROM orders WHERE id IN (SELECT order_id FROM order_items); -- want: TS001 TS001
WITH recent AS (SELECT * FROM support_tickets WHERE opened_at > now()) -- want: TS001
SELECT * FROM recent;
SELECT * FROM customers c WHERE EXISTS (SELECT 1 FROM orders o WHERE o.customer_id = c.id); -- want: TS001 TS001
INSERT INTO leads (email) SELECT email FROM customers; -- want: TS001
UPDATE leads l SET email = c.email FROM customers c WHERE c.id = l.id; -- want: TS001
CREATE VIEW active_customers AS SELECT * FROM customers WHERE active; -- want: TS001
CREATE MATERIALIZED VIEW ticket_counts AS SELECT customer_id, count(*) FROM support_tickets GROUP BY 1; -- want: TS001
COPY customers TO STDOUT; -- want: TS001
SELECT * FROM sales.accounts a; -- want: TS001
SELECT * FROM notes; -- want: TS001
