-- Differential oracle corpus for PostgreSQL: each case runs rewritten on D
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
SELECT id, name FROM customers WHERE region = $1

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
SELECT sum(total), avg(total)::int, max(total) FROM orders

-- case: select-min-max-date
SELECT min(created_at), max(created_at) FROM customers

-- case: select-ordered ordered
SELECT id FROM customers ORDER BY id

-- case: select-ordered-desc-limit ordered
SELECT id FROM orders ORDER BY total DESC, id LIMIT 7

-- case: select-offset ordered
SELECT id FROM support_tickets ORDER BY id LIMIT 5 OFFSET 10

-- case: select-fetch ordered
SELECT id FROM customers ORDER BY id FETCH FIRST 4 ROWS ONLY

-- case: select-distinct
SELECT DISTINCT region FROM customers

-- case: select-distinct-on ordered
SELECT DISTINCT ON (customer_id) customer_id, id FROM support_tickets ORDER BY customer_id, id DESC

-- case: select-comments
/* report */ SELECT count(*) -- all
FROM customers /* t */ WHERE region <> 'apac' -- end

-- case: select-label-keywords
SELECT 1 AS from, c.id FROM customers c WHERE c.id < 10

-- case: select-is-distinct
SELECT id FROM customers WHERE phone IS DISTINCT FROM NULL

-- case: select-target-distinct-from
SELECT phone IS DISTINCT FROM NULL FROM customers

-- case: select-for-update
SELECT id FROM customers WHERE id < 20 FOR UPDATE

-- case: select-for-share-of
SELECT c.id FROM customers c JOIN orders o ON o.customer_id = c.id FOR SHARE OF c

-- case: select-only
SELECT id FROM ONLY customers

-- case: select-quoted-table
SELECT id FROM "customers"

-- case: select-upper-unquoted
SELECT id FROM CUSTOMERS

-- case: select-public-qualified
SELECT id FROM public.customers

-- case: select-public-qualified-col
SELECT public.customers.id FROM public.customers WHERE public.customers.region = 'eu'

-- case: select-where-true
SELECT id FROM orders WHERE true

-- case: select-exists-empty
SELECT EXISTS (SELECT 1 FROM customers WHERE id = 3)

-- case: select-string-agg
SELECT string_agg(name, ',' ORDER BY id) FROM customers

-- case: select-array-agg-filter
SELECT array_agg(id ORDER BY id) FILTER (WHERE priority = 1) FROM support_tickets

-- case: select-percentile
SELECT percentile_disc(0.5) WITHIN GROUP (ORDER BY total) FROM orders

-- case: select-json
SELECT json_agg(json_build_object('id', id) ORDER BY id) FROM customers

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

-- case: join-chain-on-on
SELECT c.id, t.id, n.id FROM customers c JOIN support_tickets t JOIN notes n ON n.customer_id = t.customer_id ON t.customer_id = c.id

-- case: join-aliased
SELECT count(*) FROM (customers c JOIN orders o ON o.customer_id = c.id) AS j

-- case: join-lateral-comma
SELECT c.id, last.id FROM customers c, LATERAL (SELECT o.id FROM orders o WHERE o.customer_id = c.id ORDER BY o.id DESC LIMIT 1) last

-- case: join-left-lateral
SELECT c.id, s.n FROM customers c LEFT JOIN LATERAL (SELECT count(*) AS n FROM support_tickets t WHERE t.customer_id = c.id) s ON true

-- case: join-self
SELECT a.id, b.id FROM customers a JOIN customers b ON a.region = b.region AND a.id < b.id

-- case: join-self-left
SELECT a.id, b.id FROM customers a LEFT JOIN customers b ON b.id = a.id + 1

-- case: join-left-fn-names
SELECT left(c.name, 4), o.id FROM customers c LEFT JOIN orders o ON o.customer_id = c.id AND left(o.status, 1) = 'p' WHERE right(c.name, 1) <> 'x'

-- case: join-ungoverned-only-soft-sub
SELECT p.id FROM products p JOIN regions r ON r.code = p.category WHERE p.id IN (SELECT product_id FROM order_items)

-- case: join-alias-columns
SELECT x.a, x.b FROM customers AS x(a, b)

-- case: join-alias-columns-left
SELECT r.code, x.a FROM regions r LEFT JOIN customers AS x(a, b) ON x.a = length(r.code)

-- case: join-tablesample
SELECT count(*) FROM customers TABLESAMPLE SYSTEM (100)

-- case: join-values
SELECT v.x, c.name FROM (VALUES (1), (3), (6)) v(x) JOIN customers c ON c.id = v.x

-- case: join-function
SELECT g, c.id FROM generate_series(1, 5) g LEFT JOIN customers c ON c.id = g

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

-- case: sub-any
SELECT id FROM products WHERE id = ANY (SELECT product_id FROM order_items)

-- case: sub-all
SELECT id FROM products WHERE price > ALL (SELECT price FROM order_items WHERE qty > 3)

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

-- case: sub-array
SELECT ARRAY(SELECT id FROM customers ORDER BY id)

-- case: sub-lateral-count
SELECT c.id, x.cnt FROM customers c CROSS JOIN LATERAL (SELECT count(*) cnt FROM orders o WHERE o.customer_id = c.id) x

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

-- case: cte-shadow
WITH customers AS (SELECT * FROM customers WHERE region = 'us') SELECT count(*) FROM customers

-- case: cte-shadow-later
WITH x AS (SELECT id FROM orders), orders AS (SELECT * FROM x) SELECT count(*) FROM orders

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

-- case: cte-delete-returning
WITH gone AS (DELETE FROM support_tickets WHERE status = 'spam' RETURNING id) SELECT count(*) FROM gone

-- case: cte-update-returning
WITH up AS (UPDATE orders SET status = 'checked' WHERE total > 300 RETURNING id) SELECT id FROM up

-- case: cte-insert-select
WITH n AS (INSERT INTO leads (id, email, source, created_at) SELECT 500 + id, email, 'crm', created_at FROM customers WHERE region = 'eu' RETURNING id) SELECT count(*) FROM n

-- case: cte-delete-then-read
WITH gone AS (DELETE FROM notes WHERE id < 10 RETURNING customer_id) SELECT count(DISTINCT customer_id) FROM gone

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
(SELECT id FROM customers ORDER BY id LIMIT 5) UNION ALL (SELECT id FROM orders ORDER BY id DESC LIMIT 5)

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

-- case: grouping-sets
SELECT region, status, count(*) FROM customers c JOIN orders o ON o.customer_id = c.id GROUP BY GROUPING SETS ((region), (status), ())

-- case: rollup
SELECT status, priority, count(*) FROM support_tickets GROUP BY ROLLUP (status, priority)

-- case: cube
SELECT plan, count(*) FROM sales.accounts GROUP BY CUBE (plan)

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
SELECT id, avg(price) OVER (ORDER BY id ROWS BETWEEN 2 PRECEDING AND CURRENT ROW)::int FROM order_items

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
INSERT INTO customers (id, name, email, region, created_at) SELECT 900 + id, 'again', 'c' || id || '@example.com', 'eu', '2026-01-01' FROM generate_series(1, 30) id ON CONFLICT (email) DO NOTHING

-- case: insert-conflict-where exec
INSERT INTO customers AS c (id, name, email, region, created_at) SELECT 800 + id, 'w', 'c' || id || '@example.com', 'us', '2026-01-01' FROM generate_series(1, 30) id ON CONFLICT (email) WHERE region <> 'zz' DO UPDATE SET phone = '0' WHERE c.region = 'eu'

-- case: update-one exec
-- args: [3]
UPDATE customers SET name = 'renamed' WHERE id = $1

-- case: update-many exec
UPDATE customers SET phone = NULL WHERE region = 'eu'

-- case: update-all exec
UPDATE support_tickets SET priority = priority + 1

-- case: update-or exec
UPDATE orders SET status = 'review' WHERE total > 400 OR status = 'pending'

-- case: update-returning
UPDATE orders SET total = total + 1 WHERE customer_id < 10 RETURNING id, total

-- case: update-from exec
UPDATE orders o SET status = 'orphan' FROM customers c WHERE c.id = o.customer_id AND c.region = 'us'

-- case: update-from-join exec
UPDATE order_items i SET qty = qty + 1 FROM orders o JOIN customers c ON c.id = o.customer_id WHERE o.id = i.order_id AND c.region = 'eu'

-- case: update-subquery-set
UPDATE customers SET phone = (SELECT max(subject) FROM support_tickets t WHERE t.customer_id = customers.id) WHERE id < 15 RETURNING id, phone

-- case: update-where-in exec
UPDATE products SET price = price + 1 WHERE id IN (SELECT product_id FROM order_items WHERE qty > 3)

-- case: update-where-exists exec
UPDATE customers c SET region = 'eu' WHERE EXISTS (SELECT 1 FROM notes n WHERE n.customer_id = c.id)

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
UPDATE products p SET price = 1 FROM order_items i WHERE i.product_id = p.id AND i.qty = 2

-- case: update-cte exec
WITH big AS (SELECT id FROM orders WHERE total > 250) UPDATE orders SET status = 'big' WHERE id IN (SELECT id FROM big)

-- case: update-retain exec
UPDATE invoices SET billing_name = 'x' WHERE customer_id IN (SELECT id FROM customers WHERE region = 'eu')

-- case: delete-by-id exec
-- args: [2]
DELETE FROM customers WHERE id = $1

-- case: delete-by-id-tombstoned
-- args: [3]
DELETE FROM support_tickets WHERE id = $1 RETURNING id

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
DELETE FROM support_tickets t WHERE t.status = 'closed'

-- case: delete-using exec
DELETE FROM order_items i USING orders o WHERE o.id = i.order_id AND o.status = 'cancelled'

-- case: delete-using-soft exec
DELETE FROM support_tickets t USING customers c WHERE c.id = t.customer_id AND c.region = 'eu'

-- case: delete-using-join exec
DELETE FROM notes n USING customers c JOIN orders o ON o.customer_id = c.id WHERE c.id = n.customer_id AND o.total > 300

-- case: delete-subquery exec
DELETE FROM support_tickets WHERE customer_id IN (SELECT id FROM customers WHERE region = 'us')

-- case: delete-not-exists exec
DELETE FROM notes n WHERE NOT EXISTS (SELECT 1 FROM support_tickets t WHERE t.customer_id = n.customer_id)

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

-- case: truncate-soft refused=refused
TRUNCATE customers

-- case: truncate-retain refused=retained
TRUNCATE invoices

-- case: delete-then-select exec unprepared
DELETE FROM support_tickets WHERE id < 30; SELECT 1

-- case: merge-update exec
MERGE INTO customers c USING leads l ON l.email = c.email WHEN MATCHED THEN UPDATE SET name = 'from lead'

-- case: merge-insert exec
MERGE INTO customers c USING leads l ON l.email = c.email WHEN NOT MATCHED THEN INSERT (id, name, email, region, created_at) VALUES (l.id, 'lead', l.email, 'eu', l.created_at)

-- case: merge-delete exec
MERGE INTO customers c USING leads l ON l.email = c.email WHEN MATCHED THEN DELETE

-- case: merge-soft-source exec
MERGE INTO products p USING orders o ON o.id = p.id WHEN MATCHED THEN UPDATE SET price = o.total

-- case: merge-soft-source-insert exec
MERGE INTO leads l USING customers c ON l.email = c.email WHEN NOT MATCHED THEN INSERT (id, email, source, created_at) VALUES (c.id + 700, c.email, 'merge', c.created_at)

-- case: merge-subquery-source exec
MERGE INTO support_tickets t USING (SELECT id, region FROM customers) c ON c.id = t.customer_id WHEN MATCHED AND c.region = 'eu' THEN UPDATE SET status = 'eu' WHEN MATCHED THEN DO NOTHING

-- case: ctas-into-leads exec unprepared
CREATE TEMP TABLE eu AS SELECT id, email, created_at FROM customers WHERE region = 'eu'; INSERT INTO leads (id, email, source, created_at) SELECT id + 4000, email, 'eu', created_at FROM eu

-- case: view-into-leads exec unprepared
CREATE TEMP VIEW open_tickets AS SELECT * FROM support_tickets WHERE status = 'open'; INSERT INTO leads (id, email, source, created_at) SELECT id + 5000, 'ticket', 'view', '2026-01-01' FROM open_tickets

-- case: select-into-leads exec unprepared
SELECT id, email INTO TEMP usc FROM customers WHERE region = 'us'; INSERT INTO leads (id, email, source, created_at) SELECT id + 6000, email, 'us', '2026-01-01' FROM usc

-- case: multi-statement-exec exec unprepared
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
UPDATE customers SET deleted_at = NULL WHERE id = $1

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
SELECT id FROM customers WHERE region = $1 OR id = $2

-- case: params-in-join
-- args: [200]
SELECT c.id FROM customers c JOIN orders o ON o.customer_id = c.id AND o.total > $1

-- case: cast-and-operators
SELECT id::text || '-' || region FROM customers WHERE created_at > '2026-01-10'::timestamp

-- case: coalesce-nullif
SELECT coalesce(phone, 'none'), nullif(region, 'eu') FROM customers

-- case: in-values-list
SELECT id FROM customers WHERE (id, region) IN (VALUES (1, 'eu'), (3, 'us'), (6, 'apac'))

-- case: limit-param ordered
-- args: [6]
SELECT id FROM customers ORDER BY id LIMIT $1

-- case: generate-series-join
SELECT s, (SELECT count(*) FROM orders o WHERE o.customer_id = s) FROM generate_series(1, 30) s

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

-- case: cross-join-lateral-func
SELECT c.id, g FROM customers c CROSS JOIN LATERAL generate_series(1, c.id % 3) g

-- case: distinct-count-join
SELECT count(DISTINCT c.id) FROM customers c JOIN support_tickets t ON t.customer_id = c.id WHERE t.status <> 'spam'

-- case: having-subquery-soft
SELECT region FROM customers GROUP BY region HAVING count(*) > (SELECT count(*) FROM regions)

-- case: order-by-nulls ordered
SELECT id, phone FROM customers ORDER BY phone NULLS FIRST, id

-- case: select-star-all-markers
SELECT * FROM orders o JOIN order_items i ON i.order_id = o.id JOIN notes n ON n.customer_id = o.customer_id JOIN support_tickets t ON t.customer_id = o.customer_id WHERE o.id < 10

-- case: review-case-label-in-on
SELECT c.id, o.id FROM customers c LEFT JOIN orders o ON ((SELECT o.customer_id <> c.id AS case), 1) = (false, 1)

-- case: review-alias-named-conflict
SELECT c.id, conflict.id FROM customers c LEFT JOIN orders conflict ON conflict.customer_id = c.id

-- case: review-label-distinct
SELECT id AS distinct FROM customers

-- case: review-alias-renames-marker
SELECT c.id FROM customers AS c(id, name, email, deleted_at, region, removed) WHERE c.deleted_at IS NULL

-- case: review-delete-only-parens exec
DELETE FROM ONLY (customers) WHERE region = 'us'

-- case: review-merge-when-case-label exec
MERGE INTO customers t USING (VALUES (1), (2), (4)) s(id) ON t.id = s.id WHEN MATCHED AND t.id IN (SELECT 1 AS case) THEN UPDATE SET name = 'x' WHEN MATCHED THEN DELETE

-- case: review-upsert-do-update-where exec
INSERT INTO customers AS c (id, name, email, region, created_at) SELECT 700 + id, 'w', 'c' || id || '@example.com', 'us', '2026-01-01' FROM generate_series(1, 30) id ON CONFLICT (email) DO UPDATE SET phone = '1' WHERE c.region <> 'eu'

-- case: column-case-unquoted-is-another-column
SELECT (SELECT count(*) FROM notes WHERE RemovedAt IS NULL) FROM (SELECT NULL::timestamptz AS removedat) x

-- case: column-case-quoted-is-another-column
SELECT (SELECT count(*) FROM customers WHERE "DELETED_AT" IS NULL) FROM (SELECT NULL::timestamptz AS "DELETED_AT") x

-- case: update-multi-assign-subquery exec
UPDATE leads SET (source, email) = (SELECT 'first', email FROM customers WHERE region = 'eu' OR region = 'us' ORDER BY id LIMIT 1)

-- case: prepare-execute-into-leads exec unprepared
PREPARE eu_customers AS SELECT id, email FROM customers WHERE region = 'eu'; CREATE TEMP TABLE pe AS EXECUTE eu_customers; DEALLOCATE eu_customers; INSERT INTO leads (id, email, source, created_at) SELECT id + 7000, email, 'prepared', '2026-01-01' FROM pe

-- case: explain-analyze-delete exec unprepared
EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) DELETE FROM support_tickets WHERE id < 30; SELECT 1

-- case: copy-to-file-into-leads exec unprepared
COPY customers (id, email) TO '/tmp/tombstone-oracle-copy.csv'; CREATE TEMP TABLE cc (id int, email text); COPY cc FROM '/tmp/tombstone-oracle-copy.csv'; INSERT INTO leads (id, email, source, created_at) SELECT id + 8000, email, 'copied', '2026-01-01' FROM cc

-- case: live-test-cast-unix
SELECT id FROM order_items WHERE deleted_unix = 0::bigint

-- case: live-test-cast-flag
SELECT o.id FROM orders o WHERE o.is_deleted = FALSE::boolean

-- case: live-test-not-distinct-null
SELECT id FROM customers WHERE deleted_at IS NOT DISTINCT FROM NULL

-- case: delete-returning-marker-timestamp
DELETE FROM customers WHERE region = 'eu' RETURNING id, deleted_at

-- case: delete-returning-marker-flag
DELETE FROM orders o WHERE o.total > 200 RETURNING o.id, o.is_deleted AS was_deleted

-- case: delete-returning-marker-unix
DELETE FROM order_items WHERE order_id < 10 RETURNING "deleted_unix", id

-- case: delete-returning-marker-expressions
DELETE FROM customers WHERE region = 'us' RETURNING id, (deleted_at), deleted_at IS NULL AS was_live, coalesce(deleted_at::text, 'live') AS state

-- Evaluation order: the caller's expressions fail on values only
-- tombstones hold (customer 2, order 1 and order item 1 are tombstones;
-- deleted_at, is_deleted and deleted_unix markers). On D' they never meet
-- them, so the rewritten statement must not fail either.

-- case: eval-order-division-timestamp
SELECT id FROM customers WHERE 1 / (id - 2) > 0

-- case: eval-order-division-flag
SELECT id FROM orders WHERE 1 / (id - 1) > 0

-- case: eval-order-division-unix
SELECT id FROM order_items WHERE 1 / (id - 1) > 0

-- case: eval-order-cast-timestamp
SELECT id FROM customers WHERE (CASE WHEN id = 2 THEN 'junk' ELSE '1' END)::int = 1

-- case: eval-order-to-date-unix
SELECT id FROM order_items WHERE to_date(CASE WHEN id = 1 THEN 'junk' ELSE '2026' END, 'YYYY') IS NOT NULL

-- case: eval-order-to-date-flag-join
SELECT o.id, c.id FROM customers c JOIN orders o ON to_date(CASE WHEN o.id = 1 THEN 'junk' ELSE '2026' END, 'YYYY') IS NOT NULL AND o.customer_id = c.id

-- case: eval-order-exists
SELECT c.id FROM customers c WHERE EXISTS (SELECT 1 FROM order_items i JOIN orders o ON o.id = i.order_id WHERE to_date(CASE WHEN i.id = 1 THEN 'junk' ELSE '2026' END, 'YYYY') IS NOT NULL AND o.customer_id = c.id)

-- case: eval-order-update-unix exec
UPDATE order_items SET qty = qty + 1 WHERE to_date(CASE WHEN id = 1 THEN 'junk' ELSE '2026' END, 'YYYY') IS NOT NULL

-- case: eval-order-marker-cast-unix
SELECT id FROM order_items WHERE deleted_unix::int2 IS NOT NULL

-- case: delete-returning-marker-no-space
DELETE FROM customers WHERE region = 'eu' RETURNING(deleted_at)

-- case: delete-returning-marker-no-space-flag
DELETE FROM orders o WHERE o.total > 200 RETURNING(o.is_deleted)
