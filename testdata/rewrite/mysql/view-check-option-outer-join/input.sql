CREATE VIEW v AS SELECT c.id FROM customers c LEFT JOIN orders o ON o.customer_id = c.id WITH CASCADED CHECK OPTION
