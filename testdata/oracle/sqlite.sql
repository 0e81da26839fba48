-- Differential oracle corpus for SQLite: each case runs rewritten on D
-- and as written on D' (tombstones removed, per the case's scope); the two
-- must return the same rows, affect the same rows and leave the same
-- visible data, and the rewritten one must not touch hidden rows.
-- Format: see internal/oracle/corpus.go.

-- case: select-star
SELECT * FROM customers

-- case: select-count
SELECT count(*) FROM customers

-- case: select-where-param
-- args: ["eu"]
SELECT id, name FROM customers WHERE region = ?1

-- case: select-or-leak
SELECT id FROM customers WHERE region = 'eu' OR region = 'us'

-- case: select-or-three
SELECT id FROM support_tickets WHERE status = 'open' OR priority = 3 OR customer_id < 5

-- case: select-not
SELECT id FROM customers WHERE NOT (region = 'eu')

-- case: select-between
SELECT id FROM orders WHERE total BETWEEN 100 AND 300

-- case: select-like
SELECT email FROM customers WHERE email LIKE 'c1%'

-- case: select-in-list
SELECT id FROM support_tickets WHERE status IN ('open', 'spam')

-- case: select-null-phone
SELECT id FROM customers WHERE phone IS NULL

-- case: select-case
SELECT id, CASE WHEN priority = 3 THEN 'high' ELSE 'normal' END FROM support_tickets

-- case: select-case-in-where
SELECT id FROM support_tickets WHERE CASE WHEN status = 'open' THEN priority > 1 ELSE false END

-- case: select-expr-target
SELECT id * 2, upper(name) FROM customers WHERE id % 2 = 0

-- case: select-sum
SELECT sum(total), CAST(avg(total) AS INTEGER), max(total) FROM orders

-- case: select-min-max-date
SELECT min(created_at), max(created_at) FROM customers

-- case: select-ordered ordered
SELECT id FROM customers ORDER BY id

-- case: select-ordered-desc-limit ordered
SELECT id FROM orders ORDER BY total DESC, id LIMIT 7

-- case: select-offset ordered
SELECT id FROM support_tickets ORDER BY id LIMIT 5 OFFSET 10

-- case: select-distinct
SELECT DISTINCT region FROM customers

-- case: select-comments
/* report */ SELECT count(*) -- all
FROM customers /* t */ WHERE region <> 'apac' -- end

-- case: select-label-keywords
SELECT 1 AS "from", c.id FROM customers c WHERE c.id < 10

-- case: select-is-distinct
SELECT id FROM customers WHERE phone IS DISTINCT FROM NULL

-- case: select-target-distinct-from
SELECT phone IS DISTINCT FROM NULL FROM customers

-- case: select-quoted-table
SELECT id FROM "customers"

-- case: select-upper-unquoted
SELECT id FROM CUSTOMERS

-- case: select-public-qualified
SELECT id FROM main.customers

-- case: select-public-qualified-col
SELECT main.customers.id FROM main.customers WHERE main.customers.region = 'eu'

-- case: select-where-true
SELECT id FROM orders WHERE true

-- case: select-exists-empty
SELECT EXISTS (SELECT 1 FROM customers WHERE id = 3)

-- case: select-string-agg
SELECT string_agg(name, ',' ORDER BY id) FROM customers

-- case: select-array-agg-filter
SELECT group_concat(id, ',') FILTER (WHERE priority = 1) FROM support_tickets

-- case: select-json
SELECT json_object('id', id, 'name', name) FROM customers

-- case: flag-select
SELECT id, status FROM orders

-- case: flag-count
SELECT status, count(*) FROM orders GROUP BY status

-- case: flag-existing-not
SELECT id FROM orders WHERE NOT is_deleted

-- case: flag-existing-false
SELECT id FROM orders o WHERE o.is_deleted = false AND total > 100

-- case: flag-existing-under-or
SELECT id FROM orders WHERE is_deleted = false OR total > 400

-- case: unix-select
SELECT id, qty FROM order_items

-- case: unix-sum
SELECT sum(qty * price) FROM order_items

-- case: unix-existing
SELECT id FROM order_items i WHERE i.deleted_unix = 0

-- case: quoted-column-select
SELECT id, body FROM notes

-- case: quoted-column-existing
SELECT id FROM notes n WHERE n."RemovedAt" IS NULL

-- case: schema-select
SELECT id, plan FROM sales.accounts

-- case: schema-alias
SELECT a.plan, count(*) FROM sales.accounts a GROUP BY a.plan

-- case: schema-join
SELECT a.id, c.name FROM sales.accounts a JOIN customers c ON c.id = a.customer_id

-- case: schema-col-qualified
SELECT sales.accounts.id FROM sales.accounts WHERE sales.accounts.plan <> 'free'

-- case: retain-select
SELECT count(*) FROM invoices

-- case: retain-join-soft
SELECT i.id, c.name FROM invoices i JOIN customers c ON c.id = i.customer_id

-- case: hard-select
SELECT count(*) FROM leads

-- case: existing-live-all-conjunct
SELECT id FROM customers c WHERE c.deleted_at IS NULL AND c.region = 'eu'

-- case: existing-live-under-or
SELECT id FROM customers c WHERE c.deleted_at IS NULL OR c.region = 'eu'

-- case: existing-live-wrong-alias
SELECT c.id FROM customers c, customers d WHERE c.deleted_at IS NULL AND d.id = c.id

-- case: join-inner
SELECT c.id, t.id FROM customers c JOIN support_tickets t ON t.customer_id = c.id

-- case: join-inner-where
SELECT c.id, t.id FROM customers c INNER JOIN support_tickets t ON t.customer_id = c.id WHERE t.status = 'open'

-- case: join-comma
SELECT c.id, o.id FROM customers c, orders o WHERE o.customer_id = c.id

-- case: join-comma-or
SELECT c.id, o.id FROM customers c, orders o WHERE o.customer_id = c.id AND (o.status = 'paid' OR c.region = 'eu')

-- case: join-left
SELECT c.id, t.id FROM customers c LEFT JOIN support_tickets t ON t.customer_id = c.id

-- case: join-left-count
SELECT c.id, count(t.id) FROM customers c LEFT JOIN support_tickets t ON t.customer_id = c.id GROUP BY c.id

-- case: join-left-is-null
SELECT c.id FROM customers c LEFT JOIN orders o ON o.customer_id = c.id WHERE o.id IS NULL

-- case: join-left-misplaced-live
SELECT c.id, t.id FROM customers c LEFT JOIN support_tickets t ON t.customer_id = c.id WHERE t.deleted_at IS NULL

-- case: join-left-or-on
SELECT c.id, t.id FROM customers c LEFT JOIN support_tickets t ON t.customer_id = c.id OR t.priority = 3 WHERE c.id < 5

-- case: join-left-outer-keyword
SELECT c.id, n.id FROM customers c LEFT OUTER JOIN notes n ON n.customer_id = c.id

-- case: join-right
SELECT c.id, t.id FROM support_tickets t RIGHT JOIN customers c ON t.customer_id = c.id

-- case: join-right-soft-left
SELECT o.id, p.id FROM orders o RIGHT JOIN products p ON p.id = o.id

-- case: join-full
SELECT c.id, t.id FROM customers c FULL JOIN support_tickets t ON t.customer_id = c.id

-- case: join-full-counts
SELECT count(c.id), count(t.id), count(*) FROM customers c FULL OUTER JOIN support_tickets t ON t.customer_id = c.id

-- case: join-full-ungoverned
SELECT r.code, c.id FROM regions r FULL JOIN customers c ON c.region = r.code

-- case: join-cross
SELECT count(*) FROM customers CROSS JOIN regions

-- case: join-cross-two-soft
SELECT count(*) FROM orders CROSS JOIN sales.accounts

-- case: join-natural
SELECT count(*) FROM orders NATURAL JOIN order_items

-- case: join-natural-left
SELECT * FROM products NATURAL LEFT JOIN order_items

-- case: join-using
SELECT count(*) FROM orders JOIN order_items USING (id)

-- case: join-using-left
SELECT o.id, qty FROM orders o LEFT JOIN order_items USING (id)

-- case: join-using-right
SELECT id, o.status FROM order_items RIGHT JOIN orders o USING (id)

-- case: join-three
SELECT c.id, o.id, i.id FROM customers c JOIN orders o ON o.customer_id = c.id JOIN order_items i ON i.order_id = o.id

-- case: join-three-left
SELECT c.id, o.id, i.id FROM customers c LEFT JOIN orders o ON o.customer_id = c.id LEFT JOIN order_items i ON i.order_id = o.id

-- case: join-mixed
SELECT c.id, o.id, p.id FROM customers c LEFT JOIN orders o ON o.customer_id = c.id JOIN products p ON p.id = o.id % 10 + 1

-- case: join-nested-parens
SELECT c.id, t.id, n.id FROM customers c LEFT JOIN (support_tickets t JOIN notes n ON n.customer_id = t.customer_id) ON t.customer_id = c.id

-- case: join-nested-left-inside-left
SELECT c.id, o.id, i.id FROM customers c LEFT JOIN (orders o LEFT JOIN order_items i ON i.order_id = o.id) ON o.customer_id = c.id

-- case: join-aliased
SELECT count(*) FROM (customers c JOIN orders o ON o.customer_id = c.id) AS j

-- case: join-self
SELECT a.id, b.id FROM customers a JOIN customers b ON a.region = b.region AND a.id < b.id

-- case: join-self-left
SELECT a.id, b.id FROM customers a LEFT JOIN customers b ON b.id = a.id + 1

-- case: join-left-fn-names
SELECT substr(c.name, 1, 4), o.id FROM customers c LEFT JOIN orders o ON o.customer_id = c.id AND substr(o.status, 1, 1) = 'p' WHERE substr(c.name, -1) <> 'x'

-- case: join-ungoverned-only-soft-sub
SELECT p.id FROM products p JOIN regions r ON r.code = p.category WHERE p.id IN (SELECT product_id FROM order_items)

-- case: join-values
SELECT v.column1, c.name FROM (VALUES (1), (3), (6)) v JOIN customers c ON c.id = v.column1

-- case: join-function
SELECT j.value, c.id FROM json_each('[1,2,3,4,5]') j LEFT JOIN customers c ON c.id = j.value

-- case: join-quoted-alias
SELECT "C".id, n.id FROM customers "C" JOIN notes n ON n.customer_id = "C".id

-- case: sub-in
SELECT id FROM customers WHERE id IN (SELECT customer_id FROM orders)

-- case: sub-not-in
SELECT id FROM customers WHERE id NOT IN (SELECT customer_id FROM support_tickets)

-- case: sub-exists
SELECT id FROM customers c WHERE EXISTS (SELECT 1 FROM orders o WHERE o.customer_id = c.id)

-- case: sub-not-exists
SELECT id FROM customers c WHERE NOT EXISTS (SELECT 1 FROM support_tickets t WHERE t.customer_id = c.id)

-- case: sub-all
SELECT id FROM products WHERE price > (SELECT max(price) FROM order_items WHERE qty > 3)

-- case: sub-scalar-target
SELECT c.id, (SELECT count(*) FROM orders o WHERE o.customer_id = c.id) FROM customers c

-- case: sub-scalar-where
SELECT id FROM orders WHERE total > (SELECT avg(total) FROM orders)

-- case: sub-correlated-max
SELECT id FROM support_tickets t WHERE priority = (SELECT max(priority) FROM support_tickets t2 WHERE t2.customer_id = t.customer_id)

-- case: sub-derived
SELECT s.region, s.n FROM (SELECT region, count(*) n FROM customers GROUP BY region) s

-- case: sub-derived-join
SELECT c.id, s.n FROM customers c JOIN (SELECT customer_id, count(*) n FROM orders GROUP BY customer_id) s ON s.customer_id = c.id

-- case: sub-derived-left
SELECT c.id, s.n FROM customers c LEFT JOIN (SELECT customer_id, count(*) n FROM notes GROUP BY customer_id) s ON s.customer_id = c.id

-- case: sub-deep
SELECT id FROM products WHERE id IN (SELECT product_id FROM order_items WHERE order_id IN (SELECT id FROM orders WHERE customer_id IN (SELECT id FROM customers WHERE region <> 'apac')))

-- case: sub-in-having
SELECT customer_id, count(*) FROM orders GROUP BY customer_id HAVING count(*) > (SELECT count(*) / 30 FROM orders)

-- case: sub-in-order-by ordered
SELECT id FROM customers c ORDER BY (SELECT count(*) FROM orders o WHERE o.customer_id = c.id) DESC, id

-- case: sub-in-on
SELECT c.id, o.id FROM customers c JOIN orders o ON o.customer_id = c.id AND o.total > (SELECT min(total) FROM orders)

-- case: sub-in-case
SELECT id, CASE WHEN EXISTS (SELECT 1 FROM notes n WHERE n.customer_id = c.id) THEN 'noted' END FROM customers c

-- case: sub-in-function
SELECT coalesce((SELECT max(id) FROM support_tickets), 0)

-- case: sub-row-compare
SELECT id FROM orders o WHERE (o.customer_id, o.total) IN (SELECT customer_id, max(total) FROM orders GROUP BY customer_id)

-- case: sub-values-scalar
VALUES ((SELECT count(*) FROM customers)), ((SELECT count(*) FROM orders))

-- case: sub-exists-retain
SELECT id FROM invoices i WHERE EXISTS (SELECT 1 FROM orders o WHERE o.id = i.order_id)

-- case: sub-not-in-nulls
SELECT id FROM products WHERE id NOT IN (SELECT product_id FROM order_items WHERE qty = 5)

-- case: cte-simple
WITH eu AS (SELECT * FROM customers WHERE region = 'eu') SELECT id FROM eu

-- case: cte-join
WITH eu AS (SELECT * FROM customers WHERE region = 'eu') SELECT eu.id, o.id FROM eu JOIN orders o ON o.customer_id = eu.id

-- case: cte-two
WITH a AS (SELECT id FROM customers), b AS (SELECT a.id, o.total FROM a JOIN orders o ON o.customer_id = a.id) SELECT sum(total) FROM b

-- case: cte-recursive
WITH RECURSIVE chain(id, n) AS (SELECT id, 1 FROM customers WHERE id = 1 UNION ALL SELECT c.id, chain.n + 1 FROM chain JOIN customers c ON c.id = chain.id + 1 WHERE chain.n < 30) SELECT id, n FROM chain

-- case: cte-recursive-series
WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < 30) SELECT s.i, c.id FROM s LEFT JOIN customers c ON c.id = s.i

-- case: cte-materialized
WITH t AS MATERIALIZED (SELECT * FROM support_tickets) SELECT status, count(*) FROM t GROUP BY status

-- case: cte-nested
WITH a AS (WITH b AS (SELECT * FROM orders) SELECT customer_id FROM b) SELECT count(*) FROM a

-- case: cte-in-subquery
SELECT id FROM customers WHERE id IN (WITH o AS (SELECT customer_id FROM orders) SELECT customer_id FROM o)

-- case: union
SELECT customer_id FROM orders UNION SELECT customer_id FROM support_tickets

-- case: union-all
SELECT customer_id FROM orders UNION ALL SELECT customer_id FROM notes

-- case: intersect
SELECT customer_id FROM orders INTERSECT SELECT customer_id FROM support_tickets

-- case: except
SELECT id FROM customers EXCEPT SELECT customer_id FROM orders

-- case: union-ordered ordered
SELECT id FROM customers UNION SELECT id FROM leads ORDER BY 1

-- case: union-parenthesized
SELECT * FROM (SELECT id FROM customers ORDER BY id LIMIT 5) UNION ALL SELECT * FROM (SELECT id FROM orders ORDER BY id DESC LIMIT 5)

-- case: union-three
SELECT id FROM customers UNION SELECT customer_id FROM orders EXCEPT SELECT customer_id FROM support_tickets

-- case: union-in-subquery
SELECT count(*) FROM (SELECT customer_id FROM orders UNION SELECT customer_id FROM notes) u

-- case: union-with-ungoverned
SELECT code FROM regions UNION SELECT region FROM customers

-- case: group-by
SELECT region, count(*) FROM customers GROUP BY region

-- case: group-having
SELECT customer_id, count(*) FROM support_tickets GROUP BY customer_id HAVING count(*) > 1

-- case: group-distinct-count
SELECT count(DISTINCT customer_id) FROM orders

-- case: window-row-number
SELECT id, row_number() OVER (PARTITION BY region ORDER BY id) FROM customers

-- case: window-rank
SELECT id, rank() OVER (ORDER BY total DESC) FROM orders

-- case: window-sum
SELECT id, sum(total) OVER (PARTITION BY customer_id) FROM orders

-- case: window-named
SELECT id, lag(id) OVER w FROM support_tickets WINDOW w AS (PARTITION BY customer_id ORDER BY id)

-- case: window-frame
SELECT id, CAST(avg(price) OVER (ORDER BY id ROWS BETWEEN 2 PRECEDING AND CURRENT ROW) AS INTEGER) FROM order_items

-- case: window-over-join
SELECT c.region, o.id, count(*) OVER (PARTITION BY c.region) FROM customers c JOIN orders o ON o.customer_id = c.id

-- case: report-customers
SELECT c.region,
       count(DISTINCT c.id) AS customers,
       count(DISTINCT o.id) AS orders,
       coalesce(sum(i.qty * i.price), 0) AS revenue,
       count(DISTINCT t.id) FILTER (WHERE t.status = 'open') AS open_tickets
  FROM customers c
  LEFT JOIN orders o ON o.customer_id = c.id AND o.status <> 'cancelled'
  LEFT JOIN order_items i ON i.order_id = o.id
  LEFT JOIN support_tickets t ON t.customer_id = c.id
 WHERE c.region IN ('eu', 'us', 'apac', 'latam')
 GROUP BY c.region

-- case: report-top-customers ordered
WITH spend AS (
  SELECT o.customer_id, sum(i.qty * i.price) AS total
    FROM orders o
    JOIN order_items i ON i.order_id = o.id
   GROUP BY o.customer_id
)
SELECT c.id, c.name, s.total, rank() OVER (ORDER BY s.total DESC, c.id) AS pos
  FROM customers c
  JOIN spend s ON s.customer_id = c.id
 ORDER BY pos
 LIMIT 10

-- case: report-products
SELECT p.name,
       (SELECT count(*) FROM order_items i WHERE i.product_id = p.id) AS sold_lines,
       (SELECT coalesce(sum(qty), 0) FROM order_items i JOIN orders o ON o.id = i.order_id WHERE i.product_id = p.id AND o.status = 'paid') AS paid_qty
  FROM products p

-- case: report-churn
SELECT c.region, count(*) FILTER (WHERE a.plan = 'free') AS free,
       count(*) FILTER (WHERE a.plan <> 'free') AS paying
  FROM sales.accounts a
  JOIN customers c ON c.id = a.customer_id
 GROUP BY c.region

-- case: report-notes-per-ticket
SELECT t.status, count(n.id)
  FROM support_tickets t
  LEFT JOIN notes n ON n.customer_id = t.customer_id
 GROUP BY t.status

-- case: report-invoice-balance
SELECT i.customer_id, sum(i.amount) AS billed,
       (SELECT coalesce(sum(o.total), 0) FROM orders o WHERE o.customer_id = i.customer_id) AS ordered
  FROM invoices i
 GROUP BY i.customer_id

-- case: insert-select exec
INSERT INTO leads (id, email, source, created_at) SELECT 1000 + id, email, 'import', created_at FROM customers WHERE region = 'eu'

-- case: insert-select-join exec
INSERT INTO leads (id, email, source, created_at) SELECT 2000 + o.id, c.email, 'order', c.created_at FROM orders o JOIN customers c ON c.id = o.customer_id

-- case: insert-select-returning
INSERT INTO leads (id, email, source, created_at) SELECT 3000 + id, email, 'x', created_at FROM customers WHERE phone IS NULL RETURNING id

-- case: insert-values-sub exec
INSERT INTO products (id, name, price, category) VALUES (100, 'bundle', (SELECT count(*) FROM orders), 'misc')

-- case: insert-soft-target exec
INSERT INTO support_tickets (id, customer_id, subject, status, priority) SELECT 1000 + id, id, 'welcome', 'open', 1 FROM customers

-- case: insert-where-exists exec
INSERT INTO notes (id, customer_id, body) SELECT 1000 + c.id, c.id, 'vip' FROM customers c WHERE EXISTS (SELECT 1 FROM orders o WHERE o.customer_id = c.id AND o.total > 300)

-- case: insert-conflict-update
INSERT INTO customers (id, name, email, region, created_at) VALUES (999, 'x', 'c3@example.com', 'eu', '2026-01-01') ON CONFLICT (email) DO UPDATE SET name = 'updated' RETURNING id, name

-- case: insert-conflict-update-2
INSERT INTO customers (id, name, email, region, created_at) VALUES (998, 'x', 'c6@example.com', 'eu', '2026-01-01') ON CONFLICT (email) DO UPDATE SET name = 'updated' RETURNING id, name

-- case: insert-conflict-update-9
INSERT INTO customers (id, name, email, region, created_at) VALUES (997, 'x', 'c9@example.com', 'eu', '2026-01-01') ON CONFLICT (email) DO UPDATE SET name = excluded.name || '!' RETURNING id, name

-- case: insert-conflict-nothing-target exec
INSERT INTO customers (id, name, email, region, created_at) SELECT 900 + id, 'again', 'c' || id || '@example.com', 'eu', '2026-01-01' FROM products WHERE true ON CONFLICT (email) DO NOTHING

-- case: insert-conflict-update-where exec
-- SQLite matches a partial index only when the conflict target's WHERE is
-- the same expression as the index's, so this target names no WHERE.
INSERT INTO customers AS c (id, name, email, region, created_at) SELECT 800 + id, 'w', 'c' || id || '@example.com', 'us', '2026-01-01' FROM (SELECT id FROM products UNION ALL SELECT id + 10 FROM products UNION ALL SELECT id + 20 FROM products) WHERE true ON CONFLICT (email) DO UPDATE SET phone = '0' WHERE c.region = 'eu'

-- case: update-one exec
-- args: [3]
UPDATE customers SET name = 'renamed' WHERE id = ?1

-- case: update-many exec
UPDATE customers SET phone = NULL WHERE region = 'eu'

-- case: update-all exec
UPDATE support_tickets SET priority = priority + 1

-- case: update-or exec
UPDATE orders SET status = 'review' WHERE total > 400 OR status = 'pending'

-- case: update-returning
UPDATE orders SET total = total + 1 WHERE customer_id < 10 RETURNING id, total

-- case: update-from exec
UPDATE orders AS o SET status = 'orphan' FROM customers c WHERE c.id = o.customer_id AND c.region = 'us'

-- case: update-from-join exec
UPDATE order_items AS i SET qty = qty + 1 FROM orders o JOIN customers c ON c.id = o.customer_id WHERE o.id = i.order_id AND c.region = 'eu'

-- case: update-subquery-set
UPDATE customers SET phone = (SELECT max(subject) FROM support_tickets t WHERE t.customer_id = customers.id) WHERE id < 15 RETURNING id, phone

-- case: update-where-in exec
UPDATE products SET price = price + 1 WHERE id IN (SELECT product_id FROM order_items WHERE qty > 3)

-- case: update-where-exists exec
UPDATE customers AS c SET region = 'eu' WHERE EXISTS (SELECT 1 FROM notes n WHERE n.customer_id = c.id)

-- case: update-flag exec
UPDATE orders SET status = 'x' WHERE status = 'paid'

-- case: update-unix exec
UPDATE order_items SET price = 0 WHERE qty = 1

-- case: update-quoted exec
UPDATE notes SET body = 'edited' WHERE id % 2 = 0

-- case: update-schema exec
UPDATE sales.accounts SET plan = 'team' WHERE plan = 'free'

-- case: update-try-restore exec
UPDATE customers SET deleted_at = NULL

-- case: update-ungoverned-from-soft exec
UPDATE products AS p SET price = 1 FROM order_items i WHERE i.product_id = p.id AND i.qty = 2

-- case: update-cte exec
WITH big AS (SELECT id FROM orders WHERE total > 250) UPDATE orders SET status = 'big' WHERE id IN (SELECT id FROM big)

-- case: update-retain exec
UPDATE invoices SET billing_name = 'x' WHERE customer_id IN (SELECT id FROM customers WHERE region = 'eu')

-- case: delete-by-id exec
-- args: [2]
DELETE FROM customers WHERE id = ?1

-- case: delete-by-id-tombstoned
-- args: [3]
DELETE FROM support_tickets WHERE id = ?1 RETURNING id

-- case: delete-many exec
DELETE FROM support_tickets WHERE status = 'spam'

-- case: delete-all-tickets exec
DELETE FROM support_tickets

-- case: delete-or exec
DELETE FROM notes WHERE id < 5 OR body LIKE '%7'

-- case: delete-returning
DELETE FROM support_tickets WHERE priority = 3 RETURNING id, customer_id, status

-- case: delete-returning-star
DELETE FROM notes WHERE id < 20 RETURNING *

-- case: delete-flag exec
DELETE FROM orders WHERE status = 'cancelled'

-- case: delete-flag-returning
DELETE FROM orders WHERE total < 100 RETURNING id, is_deleted

-- case: delete-unix exec
DELETE FROM order_items WHERE qty >= 4

-- case: delete-unix-returning
DELETE FROM order_items WHERE order_id < 10 RETURNING id

-- case: delete-quoted exec
DELETE FROM notes WHERE customer_id < 10

-- case: delete-schema exec
DELETE FROM sales.accounts WHERE plan = 'free'

-- case: delete-alias exec
DELETE FROM support_tickets AS t WHERE t.status = 'closed'

-- case: delete-using exec
DELETE FROM order_items WHERE order_id IN (SELECT o.id FROM orders o WHERE o.status = 'cancelled')

-- case: delete-using-soft exec
DELETE FROM support_tickets WHERE customer_id IN (SELECT c.id FROM customers c WHERE c.region = 'eu')

-- case: delete-using-join exec
DELETE FROM notes WHERE EXISTS (SELECT 1 FROM customers c JOIN orders o ON o.customer_id = c.id WHERE c.id = notes.customer_id AND o.total > 300)

-- case: delete-subquery exec
DELETE FROM support_tickets WHERE customer_id IN (SELECT id FROM customers WHERE region = 'us')

-- case: delete-not-exists exec
DELETE FROM notes AS n WHERE NOT EXISTS (SELECT 1 FROM support_tickets t WHERE t.customer_id = n.customer_id)

-- case: delete-hard exec
DELETE FROM leads WHERE source = 'ads'

-- case: delete-hard-soft-sub exec
DELETE FROM leads WHERE email IN (SELECT email FROM customers)

-- case: delete-ungoverned-soft-sub exec
DELETE FROM regions WHERE code NOT IN (SELECT region FROM customers)

-- case: delete-retained refused=retained
DELETE FROM invoices WHERE id = 1

-- case: delete-retained-cte refused=retained
WITH x AS (DELETE FROM invoices RETURNING id) SELECT count(*) FROM x

-- case: delete-then-select exec
DELETE FROM support_tickets WHERE id < 30; SELECT 1

-- case: ctas-into-leads exec
CREATE TEMP TABLE eu AS SELECT id, email, created_at FROM customers WHERE region = 'eu'; INSERT INTO leads (id, email, source, created_at) SELECT id + 4000, email, 'eu', created_at FROM eu

-- case: view-into-leads exec
CREATE TEMP VIEW open_tickets AS SELECT * FROM support_tickets WHERE status = 'open'; INSERT INTO leads (id, email, source, created_at) SELECT id + 5000, 'ticket', 'view', '2026-01-01' FROM open_tickets

-- case: multi-statement-exec exec
UPDATE orders SET status = 'a' WHERE id < 20; DELETE FROM order_items WHERE order_id < 20; UPDATE products SET price = (SELECT count(*) FROM order_items)

-- case: scope-with-deleted-select
-- scope: --with-deleted customers
SELECT c.id, o.id FROM customers c JOIN orders o ON o.customer_id = c.id

-- case: scope-with-deleted-all
-- scope: --with-deleted *
SELECT count(*) FROM customers c LEFT JOIN support_tickets t ON t.customer_id = c.id

-- case: scope-only-deleted-select
-- scope: --only-deleted customers
SELECT id, deleted_at FROM customers

-- case: scope-only-deleted-join
-- scope: --only-deleted support_tickets
SELECT c.id, t.id FROM customers c LEFT JOIN support_tickets t ON t.customer_id = c.id

-- case: scope-only-deleted-flag
-- scope: --only-deleted orders
SELECT id FROM orders

-- case: scope-only-deleted-unix
-- scope: --only-deleted order_items
SELECT id FROM order_items WHERE qty > 1

-- case: scope-only-deleted-all
-- scope: --only-deleted *
SELECT count(*) FROM customers c JOIN notes n ON n.customer_id = c.id

-- case: scope-restore exec
-- scope: --only-deleted customers
-- args: [3]
UPDATE customers SET deleted_at = NULL WHERE id = ?1

-- case: scope-restore-all-flag exec
-- scope: --only-deleted orders
UPDATE orders SET is_deleted = false

-- case: scope-restore-returning
-- scope: --only-deleted support_tickets
UPDATE support_tickets SET deleted_at = NULL WHERE customer_id < 10 RETURNING id

-- case: scope-hard-delete exec
-- scope: --hard-delete
DELETE FROM notes WHERE customer_id < 15

-- case: scope-hard-delete-returning
-- scope: --hard-delete
DELETE FROM support_tickets WHERE status = 'spam' RETURNING id

-- case: scope-purge exec
-- scope: --hard-delete --only-deleted support_tickets
DELETE FROM support_tickets WHERE deleted_at < '2026-08-01'

-- case: scope-purge-all exec
-- scope: --hard-delete --only-deleted order_items
DELETE FROM order_items

-- case: scope-with-deleted-update exec
-- scope: --with-deleted notes
UPDATE notes SET body = 'all' WHERE customer_id < 10

-- case: scope-other-table-default
-- scope: --only-deleted support_tickets
SELECT c.id, o.id FROM customers c JOIN orders o ON o.customer_id = c.id

-- case: params-several
-- args: ["eu", 3]
SELECT id FROM customers WHERE region = ?1 OR id = ?2

-- case: params-in-join
-- args: [200]
SELECT c.id FROM customers c JOIN orders o ON o.customer_id = c.id AND o.total > ?1

-- case: cast-and-operators
SELECT CAST(id AS TEXT) || '-' || region FROM customers WHERE created_at > '2026-01-10'

-- case: coalesce-nullif
SELECT coalesce(phone, 'none'), nullif(region, 'eu') FROM customers

-- case: in-values-list
SELECT id FROM customers WHERE (id, region) IN (VALUES (1, 'eu'), (3, 'us'), (6, 'apac'))

-- case: limit-param ordered
-- args: [6]
SELECT id FROM customers ORDER BY id LIMIT ?1

-- case: generate-series-join
WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < 30) SELECT n, (SELECT count(*) FROM orders o WHERE o.customer_id = n) FROM s

-- case: exists-only-top
SELECT EXISTS (SELECT 1 FROM notes WHERE customer_id = 7)

-- case: nested-derived-3
SELECT count(*) FROM (SELECT * FROM (SELECT * FROM (SELECT * FROM orders) a) b) c

-- case: union-of-joins
SELECT c.id FROM customers c JOIN orders o ON o.customer_id = c.id UNION SELECT c.id FROM customers c JOIN notes n ON n.customer_id = c.id

-- case: anti-join-left
SELECT p.id FROM products p LEFT JOIN order_items i ON i.product_id = p.id WHERE i.id IS NULL

-- case: semi-join-in-on-left
SELECT c.id, x.id FROM customers c LEFT JOIN orders x ON x.customer_id = c.id AND x.id IN (SELECT order_id FROM order_items)

-- case: full-join-retain
SELECT i.id, o.id FROM invoices i FULL JOIN orders o ON o.id = i.order_id

-- case: right-join-chain
SELECT c.id, o.id, i.id FROM order_items i RIGHT JOIN orders o ON o.id = i.order_id RIGHT JOIN customers c ON c.id = o.customer_id

-- case: distinct-count-join
SELECT count(DISTINCT c.id) FROM customers c JOIN support_tickets t ON t.customer_id = c.id WHERE t.status <> 'spam'

-- case: having-subquery-soft
SELECT region FROM customers GROUP BY region HAVING count(*) > (SELECT count(*) FROM regions)

-- case: order-by-nulls ordered
SELECT id, phone FROM customers ORDER BY phone NULLS FIRST, id

-- case: select-star-all-markers
SELECT * FROM orders o JOIN order_items i ON i.order_id = o.id JOIN notes n ON n.customer_id = o.customer_id JOIN support_tickets t ON t.customer_id = o.customer_id WHERE o.id < 10

-- SQLite-only syntax: each case runs rewritten on D and as written on D'.

-- case: sqlite-double-equals
SELECT id FROM customers WHERE region == 'eu'

-- case: sqlite-is-value
SELECT id FROM customers WHERE region IS 'us'

-- case: sqlite-is-not-value
SELECT id FROM support_tickets WHERE status IS NOT 'open'

-- case: sqlite-is-column
SELECT c.id, o.id FROM customers c JOIN orders o ON o.customer_id IS c.id

-- case: sqlite-isnull-postfix
SELECT id FROM customers WHERE phone ISNULL

-- case: sqlite-notnull-postfix
SELECT id FROM customers WHERE phone NOTNULL

-- case: sqlite-not-null-postfix
SELECT id FROM customers WHERE phone NOT NULL

-- case: sqlite-glob
SELECT id FROM customers WHERE email GLOB 'c1*'

-- case: sqlite-not-glob
SELECT id FROM customers WHERE name NOT GLOB '*1*'

-- case: sqlite-glob-function
SELECT id, glob('*2*', name) FROM customers

-- case: sqlite-like-escape
SELECT id FROM customers WHERE email LIKE 'c1!%' ESCAPE '!' OR email LIKE 'c2%'

-- case: sqlite-limit-comma ordered
SELECT id FROM customers ORDER BY id LIMIT 3, 5

-- case: sqlite-limit-comma-params ordered
-- args: [2, 4]
SELECT id FROM orders ORDER BY id LIMIT ?, ?

-- case: sqlite-limit-comma-subquery ordered
SELECT id, (SELECT o.id FROM orders o WHERE o.customer_id = c.id ORDER BY o.id LIMIT 1, 1) FROM customers c ORDER BY id LIMIT 2, 20

-- case: sqlite-params-numbered
-- args: ["eu", 5]
SELECT id FROM customers WHERE region = ?1 AND id > ?2 OR region = ?1 AND id < ?2

-- case: sqlite-params-mixed
-- args: [3, "open"]
SELECT id FROM support_tickets WHERE priority = ? AND status <> ?2

-- case: sqlite-bracket-names
SELECT [c].[id], [o].[total] FROM [customers] AS [c] JOIN [orders] [o] ON [o].[customer_id] = [c].[id]

-- case: sqlite-backtick-names
SELECT `c`.`id` FROM `Customers` `c` WHERE `c`.`region` = 'apac'

-- case: sqlite-upper-quoted-names
SELECT "C"."ID" FROM "CUSTOMERS" AS "C" WHERE "C"."REGION" <> 'eu'

-- case: sqlite-mixed-case-column
SELECT id FROM Notes WHERE BODY LIKE 'note 1%'

-- case: sqlite-quoted-marker-column
SELECT id FROM notes WHERE "removedat" IS NULL OR id > 0

-- case: sqlite-keyword-names
SELECT user.id AS time, binary.total FROM customers AS user JOIN orders AS binary ON binary.customer_id = user.id

-- case: sqlite-dqs-string
SELECT id FROM customers WHERE name <> "customer 3"

-- case: sqlite-cast-type-names
SELECT CAST(id AS UNSIGNED BIG INT), CAST(total AS VARCHAR(10)), CAST(total AS DOUBLE PRECISION) FROM orders

-- case: sqlite-comments
/* head */ SELECT id -- one ; two
FROM customers /* ; */ WHERE region <> 'eu' -- tail

-- case: sqlite-unterminated-comment
SELECT count(*) FROM support_tickets /* the rest is a comment ; DELETE FROM customers

-- case: sqlite-hex-and-separators
SELECT id FROM orders WHERE total > 0x64 AND id < 1_000 AND total < 1e5

-- case: sqlite-blob-literal
SELECT id, x'41' || name FROM customers

-- case: sqlite-rowid
SELECT rowid, id FROM customers WHERE rowid > 10

-- case: sqlite-main-qualified
SELECT main.customers.id FROM main.customers JOIN sales.accounts a ON a.customer_id = main.customers.id

-- case: sqlite-attached-schema
SELECT a.plan, count(*) FROM sales.accounts AS a GROUP BY a.plan

-- case: sqlite-not-indexed
SELECT id FROM customers NOT INDEXED WHERE region = 'us'

-- case: sqlite-not-indexed-join
SELECT c.id, o.id FROM orders o JOIN customers c NOT INDEXED ON c.id = o.customer_id

-- case: sqlite-not-indexed-left
SELECT c.id, n.id FROM customers c LEFT JOIN notes n NOT INDEXED ON n.customer_id = c.id

-- case: sqlite-json-each
SELECT j.value, c.name FROM json_each('[1, 2, 3, 4, 5, 6]') AS j LEFT JOIN customers c ON c.id = j.value

-- case: sqlite-json-functions
SELECT json_group_array(id), json_object('n', count(*)) FROM orders

-- case: sqlite-iif-datetime
SELECT id, iif(created_at > '2026-01-10', 'new', 'old'), date(created_at) FROM customers

-- case: sqlite-strftime-compare
SELECT id FROM customers WHERE strftime('%d', created_at) > '10'

-- case: sqlite-group-concat-order
SELECT group_concat(name, ';' ORDER BY id DESC) FROM customers

-- case: sqlite-window-groups
SELECT id, count(*) OVER (ORDER BY customer_id GROUPS BETWEEN 1 PRECEDING AND CURRENT ROW) FROM orders

-- case: sqlite-window-named
SELECT id, rank() OVER w FROM support_tickets WINDOW w AS (PARTITION BY status ORDER BY priority)

-- case: sqlite-cte-materialized
WITH c AS MATERIALIZED (SELECT * FROM customers) SELECT count(*) FROM c

-- case: sqlite-cte-not-materialized
WITH o AS NOT MATERIALIZED (SELECT * FROM orders WHERE total > 100) SELECT count(*) FROM o

-- case: sqlite-recursive-series
WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < 40) SELECT s.n, n2.body FROM s LEFT JOIN notes n2 ON n2.id = s.n

-- case: sqlite-values-from
SELECT * FROM (VALUES (1, 'a'), (5, 'b'), (9, 'c')) AS v JOIN customers c ON c.id = v.column1

-- case: sqlite-right-join
SELECT c.id, o.id FROM orders o RIGHT JOIN customers c ON c.id = o.customer_id

-- case: sqlite-full-join
SELECT c.id, t.id FROM customers c FULL JOIN support_tickets t ON t.customer_id = c.id

-- case: sqlite-natural-join
SELECT id FROM customers NATURAL JOIN support_tickets

-- case: sqlite-is-distinct
SELECT id FROM customers WHERE phone IS DISTINCT FROM NULL

-- case: sqlite-explain-query-plan
EXPLAIN QUERY PLAN SELECT * FROM customers WHERE id = 1

-- case: sqlite-delete-returning
DELETE FROM support_tickets WHERE priority = 3 RETURNING id, status

-- case: sqlite-delete-returning-marker
DELETE FROM customers WHERE region = 'latam' RETURNING id, deleted_at

-- case: sqlite-delete-returning-flag
DELETE FROM orders WHERE total > 400 RETURNING id, is_deleted

-- case: sqlite-delete-returning-unix
DELETE FROM order_items WHERE qty = 5 RETURNING id, deleted_unix

-- case: sqlite-delete-rowid exec
DELETE FROM customers WHERE rowid IN (SELECT rowid FROM customers WHERE region = 'eu')

-- case: sqlite-delete-not-indexed exec
DELETE FROM support_tickets NOT INDEXED WHERE status = 'spam'

-- case: sqlite-delete-alias-as exec
DELETE FROM orders AS o WHERE o.status = 'pending'

-- case: sqlite-delete-main exec
DELETE FROM main.notes WHERE customer_id < 15

-- case: sqlite-delete-attached exec
DELETE FROM sales.accounts WHERE plan = 'free'

-- case: sqlite-delete-param exec
-- args: [5]
DELETE FROM customers WHERE id > ?1 AND id < ?1 + 10

-- case: sqlite-delete-then-count exec
DELETE FROM support_tickets WHERE status = 'closed'; SELECT count(*) FROM support_tickets

-- case: sqlite-update-or-ignore exec
UPDATE OR IGNORE customers SET email = 'c1@example.com' WHERE id = 2

-- case: sqlite-update-or-ignore-tombstoned-email exec
UPDATE OR IGNORE customers SET region = 'moved' WHERE region = 'apac'

-- case: sqlite-update-or-fail exec
UPDATE OR FAIL orders SET status = 'x' WHERE total < 100

-- case: sqlite-update-from-derived exec
UPDATE customers SET phone = s.n FROM (SELECT customer_id, count(*) AS n FROM support_tickets GROUP BY customer_id) AS s WHERE s.customer_id = customers.id

-- case: sqlite-update-from-returning
UPDATE orders SET total = total + 1 FROM customers AS c WHERE c.id = orders.customer_id AND c.region = 'us' RETURNING orders.id, orders.total

-- case: sqlite-update-row-value exec
UPDATE support_tickets SET (status, priority) = ('triaged', 1) WHERE status = 'open'

-- case: sqlite-update-not-indexed exec
UPDATE customers NOT INDEXED SET name = upper(name) WHERE id % 2 = 0

-- case: sqlite-insert-or-ignore exec
INSERT OR IGNORE INTO customers (id, name, email, region, created_at) SELECT 700 + id, 'ign', 'c' || id || '@example.com', 'eu', '2026-01-01' FROM customers

-- case: sqlite-insert-or-ignore-values exec
WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < 30) INSERT OR IGNORE INTO customers (id, name, email, region, created_at) SELECT 600 + n, 'ign', 'c' || n || '@example.com', 'eu', '2026-01-01' FROM s

-- case: sqlite-insert-or-replace-soft refused=refused
INSERT OR REPLACE INTO customers (id, name, email, region, created_at) VALUES (1, 'r', 'r@example.com', 'eu', '2026-01-01')

-- case: sqlite-replace-into-soft refused=refused
REPLACE INTO orders (id, customer_id, total, status) VALUES (1, 1, 1, 'paid')

-- case: sqlite-replace-into-retain refused=retained
REPLACE INTO invoices (id, customer_id, order_id, amount, billing_name, created_at) VALUES (1, 1, 1, 1, 'x', '2026-01-01')

-- case: sqlite-update-or-replace-soft refused=refused
UPDATE OR REPLACE customers SET email = 'c2@example.com' WHERE id = 3

-- case: sqlite-insert-or-replace-hard refused=refused
INSERT OR REPLACE INTO leads (id, email, source, created_at) SELECT 101, email, 'replaced', created_at FROM customers WHERE id = 4

-- case: sqlite-replace-ungoverned-from-soft exec
REPLACE INTO products (id, name, price, category) SELECT id, name, id, 'c' FROM customers WHERE id <= 10

-- case: sqlite-upsert-tombstoned-emails exec
WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < 30) INSERT INTO customers (id, name, email, region, created_at) SELECT 500 + n, 'up', 'c' || n || '@example.com', 'eu', '2026-01-01' FROM s WHERE true ON CONFLICT (email) DO UPDATE SET name = 'upserted ' || excluded.id

-- case: sqlite-upsert-returning
WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < 12) INSERT INTO customers (id, name, email, region, created_at) SELECT 400 + n, 'up', 'c' || n || '@example.com', 'us', '2026-01-01' FROM s WHERE true ON CONFLICT (email) DO UPDATE SET phone = 'p' RETURNING id, name, phone

-- case: sqlite-upsert-nothing-target exec
INSERT INTO customers (id, name, email, region, created_at) SELECT 300 + id, 'n', email, region, created_at FROM customers WHERE true ON CONFLICT (email) DO NOTHING

-- case: sqlite-upsert-nothing-any exec
WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < 30) INSERT INTO customers (id, name, email, region, created_at) SELECT 200 + n, 'any', 'c' || n || '@example.com', 'eu', '2026-01-01' FROM s WHERE true ON CONFLICT DO NOTHING

-- case: sqlite-upsert-pk-soft exec
INSERT INTO orders (id, customer_id, total, status) SELECT id, customer_id, 1, 'dup' FROM orders WHERE true ON CONFLICT (id) DO UPDATE SET status = 'conflicted'

-- case: sqlite-insert-select-soft exec
INSERT INTO leads (id, email, source, created_at) SELECT 3000 + c.id, c.email, 'sqlite', c.created_at FROM customers c LEFT JOIN orders o ON o.customer_id = c.id WHERE o.id IS NULL

-- case: sqlite-insert-returning
INSERT INTO products (id, name, price) SELECT 100 + id, status, total FROM orders WHERE total > 450 RETURNING id, name

-- case: sqlite-insert-values-subquery exec
INSERT INTO products (id, name, price) VALUES (200, (SELECT name FROM customers ORDER BY id LIMIT 1), (SELECT count(*) FROM orders))

-- case: sqlite-create-table-as exec
CREATE TEMP TABLE tmp_live AS SELECT id, region FROM customers; INSERT INTO leads (id, email, source, created_at) SELECT id + 7000, region, 'tmp', '2026-01-01' FROM tmp_live

-- case: sqlite-create-view exec
CREATE TEMP VIEW IF NOT EXISTS v_orders AS SELECT id, total FROM orders; INSERT INTO leads (id, email, source, created_at) SELECT id + 8000, total, 'view', '2026-01-01' FROM v_orders

-- case: sqlite-savepoint exec
SAVEPOINT sp; DELETE FROM notes WHERE id < 20; RELEASE sp

-- case: sqlite-with-deleted-timestamp-compare
-- scope: --with-deleted customers
SELECT id FROM customers WHERE deleted_at > '2026-04-01'

-- case: sqlite-only-deleted-timestamp-order ordered
-- scope: --only-deleted customers
SELECT id, deleted_at FROM customers ORDER BY deleted_at, id

-- case: sqlite-only-deleted-flag
-- scope: --only-deleted orders
SELECT id FROM orders WHERE total > 100

-- case: sqlite-only-deleted-unix
-- scope: --only-deleted order_items
SELECT id, deleted_unix > 0 FROM order_items

-- case: sqlite-restore exec
-- scope: --only-deleted customers
UPDATE customers SET deleted_at = NULL WHERE region = 'eu'

-- case: sqlite-restore-flag exec
-- scope: --only-deleted orders
UPDATE orders SET is_deleted = 0 WHERE total < 200

-- case: sqlite-restore-unix exec
-- scope: --only-deleted order_items
UPDATE order_items SET deleted_unix = 0 WHERE qty > 2

-- case: sqlite-purge exec
-- scope: --hard-delete --only-deleted customers
DELETE FROM customers WHERE deleted_at < '2026-05-15'

-- case: sqlite-purge-unix exec
-- scope: --hard-delete --only-deleted order_items
DELETE FROM order_items WHERE deleted_unix < strftime('%s', '2026-01-03')

-- case: sqlite-hard-delete-live exec
-- scope: --hard-delete
DELETE FROM notes WHERE id % 3 = 0

-- case: sqlite-join-without-on
SELECT c.id, o.id FROM customers c JOIN orders o WHERE o.customer_id = c.id

-- case: sqlite-join-without-on-count
SELECT count(*) FROM support_tickets JOIN notes

-- case: sqlite-left-join-without-on
SELECT c.id, n.id FROM customers c LEFT JOIN notes n WHERE c.id < 4

-- case: sqlite-left-join-without-on-empty-right
SELECT c.id, o.id FROM customers c LEFT JOIN orders o NOT INDEXED WHERE c.id < 6 AND (o.id IS NULL OR o.total > 480)

-- case: sqlite-join-without-on-chain
SELECT c.id, t.id, n.id FROM customers c JOIN support_tickets t JOIN notes n ON n.customer_id = t.customer_id WHERE t.customer_id = c.id

-- case: join-cross-then-right
SELECT c.id, t.id, p.id FROM customers c CROSS JOIN support_tickets t RIGHT JOIN products p ON p.id = t.id AND c.id = t.customer_id

-- case: join-left-without-on-last
SELECT count(*), count(t.id) FROM customers c LEFT JOIN support_tickets t

-- case: like-escape-backslash
SELECT id FROM customers WHERE email LIKE '%\_%' ESCAPE '\' OR email LIKE '%@%'

-- case: update-multi-assign-subquery exec
UPDATE leads SET (source, email) = (SELECT 'first', email FROM customers WHERE region = 'eu' OR region = 'us' ORDER BY id LIMIT 1)

-- case: live-test-is-zero
SELECT o.id FROM orders o WHERE o.is_deleted IS 0

-- case: delete-returning-marker-timestamp
DELETE FROM customers WHERE region = 'eu' RETURNING id, deleted_at

-- case: delete-returning-marker-flag
DELETE FROM orders WHERE total > 200 RETURNING id, is_deleted

-- case: delete-returning-marker-unix
DELETE FROM order_items WHERE order_id < 10 RETURNING [deleted_unix], id

-- case: delete-returning-marker-expressions
DELETE FROM customers WHERE region = 'us' RETURNING id, (deleted_at), deleted_at IS NULL AS was_live, coalesce(deleted_at, 'live') AS state

-- Evaluation order: the caller's expressions fail on values only
-- tombstones hold (customer 2, order 1 and order item 1 are tombstones;
-- deleted_at, is_deleted and deleted_unix markers): json_extract fails on
-- a path that is not one. On D' they never meet them, so the rewritten
-- statement must not fail either.

-- case: eval-order-json-timestamp
SELECT id FROM customers WHERE json_extract('{}', CASE WHEN id = 2 THEN 'junk' ELSE '$.a' END) IS NULL

-- case: eval-order-json-flag
SELECT id FROM orders WHERE json_extract('{}', CASE WHEN id = 1 THEN 'junk' ELSE '$.a' END) IS NULL

-- case: eval-order-json-unix
SELECT id FROM order_items WHERE json_extract('{}', CASE WHEN id = 1 THEN 'junk' ELSE '$.a' END) IS NULL

-- case: eval-order-json-join-where
SELECT o.id FROM orders o JOIN customers c ON c.id = o.customer_id WHERE json_extract('{}', CASE WHEN c.id = 2 THEN 'junk' ELSE '$.a' END) IS NULL

-- case: eval-order-json-unix-join-where
SELECT i.id FROM orders o JOIN order_items i ON i.order_id = o.id WHERE json_extract('{}', CASE WHEN i.id = 1 THEN 'junk' ELSE '$.a' END) IS NULL

-- case: eval-order-json-left-join-reduced
SELECT o.id FROM orders o LEFT JOIN customers c ON c.id = o.customer_id WHERE c.id > 0 AND json_extract('{}', CASE WHEN c.id = 2 THEN 'junk' ELSE '$.a' END) IS NULL

-- case: eval-order-update-timestamp exec
UPDATE customers SET name = name || '' WHERE json_extract('{}', CASE WHEN id = 2 THEN 'junk' ELSE '$.a' END) IS NULL

-- case: delete-returning-marker-no-space
DELETE FROM customers WHERE region = 'eu' RETURNING(deleted_at)

-- case: delete-returning-marker-no-space-unix
DELETE FROM order_items WHERE order_id < 10 RETURNING[deleted_unix],(id)
