-- Differential oracle corpus for MySQL and MariaDB: each case runs
-- rewritten on D and as written on D' (tombstones removed, per the case's
-- scope); the two must return the same rows, affect the same rows and leave
-- the same visible data, and the rewritten one must not touch hidden rows.
-- It runs twice, with go-sql-driver/mysql's default (rows affected counts
-- changed rows) and with clientFoundRows=true (matched rows).
-- Format: see internal/oracle/corpus.go.

-- case: select-star
SELECT * FROM customers

-- case: select-count
SELECT count(*) FROM customers

-- case: select-where-param
-- args: ["eu"]
SELECT id, name FROM customers WHERE region = ?

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

-- case: select-for-update
SELECT id FROM customers WHERE id < 20 FOR UPDATE

-- case: select-quoted-table
SELECT id FROM `customers`

-- case: select-upper-unquoted
SELECT id FROM customers

-- case: select-where-true
SELECT id FROM orders WHERE true

-- case: select-exists-empty
SELECT EXISTS (SELECT 1 FROM customers WHERE id = 3)

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
SELECT id FROM notes n WHERE n.`RemovedAt` IS NULL

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

-- case: join-cross
SELECT count(*) FROM customers CROSS JOIN regions

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

-- case: join-quoted-alias
SELECT `C`.id, n.id FROM customers `C` JOIN notes n ON n.customer_id = `C`.id

-- case: sub-in
SELECT id FROM customers WHERE id IN (SELECT customer_id FROM orders)

-- case: sub-not-in
SELECT id FROM customers WHERE id NOT IN (SELECT customer_id FROM support_tickets)

-- case: sub-exists
SELECT id FROM customers c WHERE EXISTS (SELECT 1 FROM orders o WHERE o.customer_id = c.id)

-- case: sub-not-exists
SELECT id FROM customers c WHERE NOT EXISTS (SELECT 1 FROM support_tickets t WHERE t.customer_id = c.id)

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

-- case: sub-lateral-count
SELECT c.id, x.cnt FROM customers c CROSS JOIN LATERAL (SELECT count(*) cnt FROM orders o WHERE o.customer_id = c.id) x

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

-- case: group-distinct-count
SELECT count(DISTINCT customer_id) FROM orders

-- case: window-row-number
SELECT id, row_number() OVER (PARTITION BY region ORDER BY id) FROM customers

-- case: window-rank
SELECT id, rank() OVER (ORDER BY total DESC) FROM orders

-- case: window-sum
SELECT id, sum(total) OVER (PARTITION BY customer_id) FROM orders

-- case: window-over-join
SELECT c.region, o.id, count(*) OVER (PARTITION BY c.region) FROM customers c JOIN orders o ON o.customer_id = c.id

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

-- case: insert-soft-target exec
INSERT INTO support_tickets (id, customer_id, subject, status, priority) SELECT 1000 + id, id, 'welcome', 'open', 1 FROM customers

-- case: insert-where-exists exec
INSERT INTO notes (id, customer_id, body) SELECT 1000 + c.id, c.id, 'vip' FROM customers c WHERE EXISTS (SELECT 1 FROM orders o WHERE o.customer_id = c.id AND o.total > 300)

-- case: update-one exec
-- args: [3]
UPDATE customers SET name = 'renamed' WHERE id = ?

-- case: update-many exec
UPDATE customers SET phone = NULL WHERE region = 'eu'

-- case: update-all exec
UPDATE support_tickets SET priority = priority + 1

-- case: update-or exec
UPDATE orders SET status = 'review' WHERE total > 400 OR status = 'pending'

-- case: update-flag exec
UPDATE orders SET status = 'x' WHERE status = 'paid'

-- case: update-unix exec
UPDATE order_items SET price = 0 WHERE qty = 1

-- case: update-quoted exec
UPDATE notes SET body = 'edited' WHERE id % 2 = 0

-- case: update-try-restore exec
UPDATE customers SET deleted_at = NULL

-- case: delete-by-id exec
-- args: [2]
DELETE FROM customers WHERE id = ?

-- case: delete-many exec
DELETE FROM support_tickets WHERE status = 'spam'

-- case: delete-all-tickets exec
DELETE FROM support_tickets

-- case: delete-or exec
DELETE FROM notes WHERE id < 5 OR body LIKE '%7'

-- case: delete-flag exec
DELETE FROM orders WHERE status = 'cancelled'

-- case: delete-unix exec
DELETE FROM order_items WHERE qty >= 4

-- case: delete-quoted exec
DELETE FROM notes WHERE customer_id < 10

-- case: delete-alias exec
DELETE t FROM support_tickets t WHERE t.status = 'closed'

-- case: delete-subquery exec
DELETE FROM support_tickets WHERE customer_id IN (SELECT id FROM customers WHERE region = 'us')

-- case: delete-not-exists exec
DELETE n FROM notes n WHERE NOT EXISTS (SELECT 1 FROM support_tickets t WHERE t.customer_id = n.customer_id)

-- case: delete-hard exec
DELETE FROM leads WHERE source = 'ads'

-- case: delete-hard-soft-sub exec
DELETE FROM leads WHERE email IN (SELECT email FROM customers)

-- case: delete-ungoverned-soft-sub exec
DELETE FROM regions WHERE code NOT IN (SELECT region FROM customers)

-- case: delete-retained refused=retained
DELETE FROM invoices WHERE id = 1

-- case: truncate-soft refused=refused
TRUNCATE customers

-- case: truncate-retain refused=retained
TRUNCATE invoices

-- case: delete-then-select exec
DELETE FROM support_tickets WHERE id < 30; SELECT 1

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
UPDATE customers SET deleted_at = NULL WHERE id = ?

-- case: scope-restore-all-flag exec
-- scope: --only-deleted orders
UPDATE orders SET is_deleted = false

-- case: scope-hard-delete exec
-- scope: --hard-delete
DELETE FROM notes WHERE customer_id < 15

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
SELECT id FROM customers WHERE region = ? OR id = ?

-- case: params-in-join
-- args: [200]
SELECT c.id FROM customers c JOIN orders o ON o.customer_id = c.id AND o.total > ?

-- case: coalesce-nullif
SELECT coalesce(phone, 'none'), nullif(region, 'eu') FROM customers

-- case: limit-param ordered
-- args: [6]
SELECT id FROM customers ORDER BY id LIMIT ?

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

-- case: right-join-chain
SELECT c.id, o.id, i.id FROM order_items i RIGHT JOIN orders o ON o.id = i.order_id RIGHT JOIN customers c ON c.id = o.customer_id

-- case: distinct-count-join
SELECT count(DISTINCT c.id) FROM customers c JOIN support_tickets t ON t.customer_id = c.id WHERE t.status <> 'spam'

-- case: having-subquery-soft
SELECT region FROM customers GROUP BY region HAVING count(*) > (SELECT count(*) FROM regions)

-- case: select-star-all-markers
SELECT * FROM orders o JOIN order_items i ON i.order_id = o.id JOIN notes n ON n.customer_id = o.customer_id JOIN support_tickets t ON t.customer_id = o.customer_id WHERE o.id < 10

-- MySQL and MariaDB syntax

-- case: my-backticks
SELECT `c`.`id`, `c`.`name` FROM `customers` AS `c` WHERE `c`.`region` = 'eu'

-- case: my-backtick-column-live
SELECT id FROM notes WHERE `RemovedAt` IS NULL AND customer_id < 20

-- case: my-hash-comment
SELECT id FROM customers # every customer
WHERE region <> 'us'

-- case: my-dash-comment
SELECT count(*) FROM support_tickets -- open ones
WHERE status = 'open'

-- case: my-executable-comment
SELECT /*! SQL_NO_CACHE */ id FROM customers /*! WHERE region = 'eu' */

-- case: my-optimizer-hint
SELECT /*+ NO_INDEX_MERGE(customers) */ id FROM customers WHERE id > 3

-- case: my-placeholders
-- args: ["eu", 5, 3]
SELECT id FROM customers WHERE region = ? AND id > ? ORDER BY id LIMIT ?

-- case: my-string-with-keyword
SELECT id FROM customers WHERE name <> 'x FROM customers WHERE 1' AND email LIKE '%example%'

-- case: my-index-hint
SELECT id FROM customers USE INDEX (PRIMARY) WHERE id < 15

-- case: my-index-hint-join
SELECT c.id, o.id FROM customers c FORCE INDEX (PRIMARY) JOIN orders o IGNORE INDEX FOR JOIN (PRIMARY) ON o.customer_id = c.id

-- case: my-index-hint-left
SELECT c.id, o.id FROM customers c LEFT JOIN orders o USE KEY (PRIMARY) ON o.customer_id = c.id

-- case: my-straight-join
SELECT STRAIGHT_JOIN c.id, t.id FROM customers c STRAIGHT_JOIN support_tickets t ON t.customer_id = c.id

-- case: my-straight-join-no-on
SELECT c.id, r.code FROM customers c STRAIGHT_JOIN regions r WHERE r.code = c.region

-- case: my-lock-in-share-mode
SELECT id FROM orders WHERE total > 100 LOCK IN SHARE MODE

-- case: my-for-update
SELECT id FROM support_tickets WHERE priority = 3 FOR UPDATE

-- case: my-for-update-join
SELECT c.id, o.id FROM customers c JOIN orders o ON o.customer_id = c.id WHERE o.total > 200 FOR UPDATE

-- case: my-comma-join
SELECT c.id, t.id FROM customers c, support_tickets t WHERE t.customer_id = c.id

-- case: my-paren-join
SELECT c.id, o.id, i.id FROM (customers c, orders o) LEFT JOIN order_items i ON i.order_id = o.id WHERE o.customer_id = c.id

-- case: my-nested-join-on
SELECT c.id, o.id, i.id FROM customers c JOIN orders o JOIN order_items i ON i.order_id = o.id ON o.customer_id = c.id

-- case: my-left-join-using
SELECT o.id, customers.name FROM orders o LEFT JOIN customers ON customers.id = o.customer_id

-- case: my-left-join-using-wrap
SELECT id, name, total FROM orders LEFT JOIN customers USING (id)

-- case: my-natural-left-join
SELECT * FROM support_tickets NATURAL LEFT JOIN customers

-- case: my-natural-join
SELECT id FROM customers NATURAL JOIN notes

-- case: my-right-join-chain
SELECT c.id, o.id, i.id FROM order_items i RIGHT JOIN orders o ON o.id = i.order_id RIGHT JOIN customers c ON c.id = o.customer_id

-- case: my-derived
SELECT d.region, d.n FROM (SELECT region, count(*) AS n FROM customers GROUP BY region) AS d WHERE d.n > 1

-- case: my-derived-join
SELECT c.id, d.n FROM customers c JOIN (SELECT customer_id, count(*) AS n FROM orders GROUP BY customer_id) d ON d.customer_id = c.id

-- case: my-lateral
SELECT c.id, l.n FROM customers c, LATERAL (SELECT count(*) AS n FROM orders o WHERE o.customer_id = c.id) AS l

-- case: my-cte
WITH eu AS (SELECT * FROM customers WHERE region = 'eu') SELECT eu.id, t.id FROM eu JOIN support_tickets t ON t.customer_id = eu.id

-- case: my-cte-shadows-table
WITH customers AS (SELECT * FROM customers WHERE region = 'eu') SELECT id FROM customers

-- case: my-cte-chain
WITH a AS (SELECT id, customer_id FROM orders WHERE total > 100), b AS (SELECT customer_id, count(*) AS n FROM a GROUP BY customer_id) SELECT c.id, b.n FROM customers c JOIN b ON b.customer_id = c.id

-- case: my-cte-earlier-is-table
WITH a AS (SELECT id FROM orders), orders AS (SELECT 1 AS id) SELECT count(*) FROM a

-- case: my-cte-recursive
WITH RECURSIVE r (id, n) AS (SELECT id, 1 FROM customers WHERE id = 1 UNION ALL SELECT c.id, r.n + 1 FROM customers c JOIN r ON c.id = r.id + 1 WHERE r.n < 12) SELECT * FROM r

-- case: my-cte-in-subquery
SELECT id FROM support_tickets WHERE customer_id IN (WITH x AS (SELECT id FROM customers WHERE region = 'us') SELECT id FROM x)

-- case: my-cte-scope-ends
SELECT x.id, o.id FROM (WITH orders AS (SELECT 1 AS id) SELECT id FROM orders) x JOIN orders o ON o.id = x.id

-- case: my-union-parens
(SELECT id FROM customers WHERE region = 'eu') UNION (SELECT customer_id FROM orders WHERE total > 300)

-- case: my-intersect
SELECT id FROM customers INTERSECT SELECT customer_id FROM support_tickets

-- case: my-except
SELECT id FROM customers EXCEPT SELECT customer_id FROM notes

-- case: my-flag-not
SELECT id FROM orders WHERE NOT is_deleted AND total > 50

-- case: my-flag-bang
SELECT id FROM orders o WHERE !o.is_deleted

-- case: my-flag-eq-false
SELECT id FROM orders WHERE is_deleted = FALSE OR total > 400

-- case: my-unix-eq-zero-reversed
SELECT id FROM order_items WHERE 0 = deleted_unix AND qty > 2

-- case: my-unix-gt-zero
SELECT id FROM order_items WHERE deleted_unix > 0

-- case: my-case-hides-test
SELECT id FROM customers WHERE CASE WHEN region = 'eu' AND deleted_at IS NULL AND id > 0 THEN 1 ELSE 1 END = 1

-- case: my-between-and-test
SELECT id FROM order_items WHERE qty BETWEEN 1 AND 3 AND deleted_unix = 0

-- case: my-ifnull-count
SELECT region, IFNULL(count(phone), 0) FROM customers GROUP BY region

-- case: my-group-concat
SELECT customer_id, GROUP_CONCAT(id ORDER BY id) FROM support_tickets GROUP BY customer_id

-- case: my-dual-exists
SELECT 1 FROM DUAL WHERE EXISTS (SELECT 1 FROM customers WHERE id = 2)

-- case: my-db-qualified-column
SELECT customers.id FROM customers WHERE customers.region = 'us'

-- case: my-insert-select exec
INSERT INTO leads (id, email, source, created_at) SELECT id + 1000, email, 'cust', created_at FROM customers WHERE region = 'apac'

-- case: my-insert-select-join exec
INSERT INTO leads (id, email, source, created_at) SELECT o.id + 2000, c.email, 'order', c.created_at FROM orders o JOIN customers c ON c.id = o.customer_id WHERE o.total > 200

-- case: my-insert-set-subquery exec
INSERT INTO products SET id = 50, name = 'count', price = (SELECT count(*) FROM customers)

-- case: my-insert-values-subquery exec
INSERT INTO products (id, name, price) VALUES (51, 'tickets', (SELECT count(*) FROM support_tickets WHERE status = 'open'))

-- case: my-insert-odku-live-conflict exec
INSERT INTO customers (id, name, email, region, created_at) VALUES (500, 'again', 'c1@example.com', 'eu', '2026-03-01') ON DUPLICATE KEY UPDATE name = VALUES(name)

-- case: my-insert-odku-tombstone-email exec
INSERT INTO customers (id, name, email, region, created_at) VALUES (501, 'back', 'c2@example.com', 'eu', '2026-03-01') ON DUPLICATE KEY UPDATE name = 'updated'

-- case: my-insert-odku-many exec
INSERT INTO customers (id, name, email, region, created_at) VALUES (502, 'a', 'c3@example.com', 'eu', '2026-03-01'), (503, 'b', 'c4@example.com', 'us', '2026-03-01'), (504, 'c', 'c5@example.com', 'us', '2026-03-01') ON DUPLICATE KEY UPDATE phone = 'dup'

-- case: my-insert-odku-subquery exec
INSERT INTO products (id, name, price) VALUES (1, 'x', 1) ON DUPLICATE KEY UPDATE price = (SELECT count(*) FROM orders)

-- case: my-insert-returning exec
INSERT INTO leads (id, email, source, created_at) VALUES (900, 'r@example.com', 'web', '2026-03-01') RETURNING id, (SELECT count(*) FROM customers)

-- case: my-insert-select-returning
INSERT INTO leads (id, email, source, created_at) SELECT id + 3000, email, 'ret', created_at FROM customers WHERE region = 'us' RETURNING id, email

-- case: my-replace-soft refused=refused
REPLACE INTO customers (id, name, email, region, created_at) VALUES (1, 'x', 'x@example.com', 'eu', '2026-03-01')

-- case: my-replace-retain refused=retained
REPLACE INTO invoices (id, customer_id, order_id, amount, billing_name, created_at) VALUES (1, 1, 1, 1, 'x', '2026-03-01')

-- case: my-replace-from-soft exec
REPLACE INTO products (id, name, price) SELECT id + 100, name, 1 FROM customers

-- case: my-update-join exec
UPDATE customers c JOIN orders o ON o.customer_id = c.id SET c.phone = 'big spender' WHERE o.total > 300

-- case: my-update-join-both exec
UPDATE orders o JOIN order_items i ON i.order_id = o.id SET o.status = 'touched', i.qty = i.qty + 1 WHERE i.price > 100

-- case: my-update-left-join exec
UPDATE customers c LEFT JOIN notes n ON n.customer_id = c.id SET c.phone = 'no notes' WHERE n.id IS NULL

-- case: my-update-comma exec
UPDATE support_tickets t, customers c SET t.priority = 1 WHERE t.customer_id = c.id AND c.region = 'eu'

-- case: my-update-order-limit exec
UPDATE support_tickets SET status = 'triaged' WHERE status = 'open' ORDER BY id LIMIT 4

-- case: my-update-no-where exec
UPDATE orders SET total = total + 1

-- case: my-update-same-value exec
UPDATE customers SET region = region WHERE id < 10

-- case: my-update-subquery exec
UPDATE products SET price = (SELECT max(total) FROM orders) WHERE id = 3

-- case: my-update-derived exec
UPDATE customers c JOIN (SELECT customer_id, count(*) AS n FROM support_tickets GROUP BY customer_id) d ON d.customer_id = c.id SET c.phone = CONCAT('tickets ', d.n)

-- case: my-delete exec
DELETE FROM customers WHERE region = 'eu'

-- case: my-delete-param exec
-- args: [4]
DELETE FROM customers WHERE id = ?

-- case: my-delete-tombstoned-row exec
DELETE FROM customers WHERE id = 2

-- case: my-delete-all exec
DELETE FROM support_tickets

-- case: my-delete-flag exec
DELETE FROM orders WHERE total < 100

-- case: my-delete-unix exec
DELETE FROM order_items WHERE qty = 1

-- case: my-delete-quoted-column exec
DELETE FROM notes WHERE customer_id > 15

-- case: my-delete-order-limit exec
DELETE FROM customers WHERE region = 'us' ORDER BY id LIMIT 3

-- case: my-delete-order-desc-limit exec
DELETE FROM support_tickets ORDER BY id DESC LIMIT 5

-- case: my-delete-limit-only exec
DELETE FROM order_items WHERE price > 50 ORDER BY id LIMIT 10

-- case: my-delete-modifiers exec
DELETE LOW_PRIORITY QUICK IGNORE FROM support_tickets WHERE priority = 2

-- case: my-delete-comments exec
DELETE /* why */ FROM customers # all of eu
WHERE region = 'apac'

-- case: my-delete-multi exec
DELETE o FROM orders o JOIN customers c ON c.id = o.customer_id WHERE c.region = 'us'

-- case: my-delete-multi-two exec
DELETE o, i FROM orders o JOIN order_items i ON i.order_id = o.id WHERE o.status = 'cancelled'

-- case: my-delete-multi-star exec
DELETE t.* FROM support_tickets t JOIN customers c ON c.id = t.customer_id WHERE c.region = 'eu'

-- case: my-delete-multi-using exec
DELETE FROM t USING support_tickets AS t JOIN customers c ON c.id = t.customer_id WHERE c.region = 'latam'

-- case: my-delete-multi-using-two exec
DELETE FROM c, n USING customers c JOIN notes n ON n.customer_id = c.id WHERE c.region = 'eu'

-- case: my-delete-multi-left exec
DELETE c FROM customers c LEFT JOIN support_tickets t ON t.customer_id = c.id WHERE t.id IS NULL

-- case: my-delete-multi-left-both exec
DELETE c, t FROM customers c LEFT JOIN support_tickets t ON t.customer_id = c.id WHERE c.region = 'us'

-- case: my-delete-multi-fanout exec
DELETE c FROM customers c JOIN orders o ON o.customer_id = c.id WHERE o.total > 100

-- case: my-delete-multi-comma exec
DELETE t FROM support_tickets t, customers c WHERE t.customer_id = c.id AND c.region = 'apac'

-- case: my-delete-multi-derived exec
DELETE c FROM customers c JOIN (SELECT customer_id FROM orders WHERE total > 250) d ON d.customer_id = c.id

-- case: my-delete-subquery exec
DELETE FROM support_tickets WHERE customer_id IN (SELECT id FROM customers WHERE region = 'eu')

-- case: my-delete-hard-subquery exec
DELETE FROM leads WHERE email IN (SELECT email FROM customers)

-- case: my-delete-hard-multi exec
DELETE l FROM leads l JOIN customers c ON c.email = l.email

-- case: my-delete-hard-returning
DELETE FROM leads WHERE email IN (SELECT email FROM customers) RETURNING id, email

-- case: my-delete-hard-returning-subquery
DELETE FROM leads WHERE id < 106 RETURNING id, (SELECT count(*) FROM customers WHERE region = 'eu') AS n

-- case: my-delete-returning-soft refused=refused
DELETE FROM customers WHERE id = 1 RETURNING id

-- case: my-delete-multi-retain refused=retained
DELETE i FROM invoices i JOIN customers c ON c.id = i.customer_id

-- case: my-delete-multi-mixed refused=refused
DELETE c, l FROM customers c JOIN leads l ON l.email = c.email

-- case: my-truncate-soft refused=refused
TRUNCATE TABLE customers

-- case: my-executable-versioned refused=unparsed
SELECT id FROM customers /*!50700 WHERE deleted_at IS NULL */

-- case: my-executable-mariadb refused=unparsed
SELECT /*M! STRAIGHT_JOIN */ id FROM customers

-- case: my-scope-hard-delete exec
-- scope: --hard-delete
DELETE FROM support_tickets WHERE status = 'spam'

-- case: my-scope-with-deleted-join
-- scope: --with-deleted customers
SELECT c.id, o.id FROM customers c JOIN orders o ON o.customer_id = c.id

-- case: my-scope-only-deleted
-- scope: --only-deleted orders
SELECT id, total FROM orders WHERE total > 100

-- case: my-scope-only-deleted-update exec
-- scope: --only-deleted customers
UPDATE customers SET phone = NULL WHERE region = 'eu'

-- case: my-delete-self-join exec
DELETE a FROM support_tickets a JOIN support_tickets b ON b.customer_id = a.customer_id AND b.id <> a.id WHERE b.priority = 3

-- case: my-delete-self-join-both exec
DELETE a, b FROM notes a JOIN notes b ON b.customer_id = a.customer_id AND b.id > a.id

-- case: my-update-left-join-using exec
UPDATE orders LEFT JOIN customers USING (id) SET orders.status = IF(customers.id IS NULL, 'orphan', 'ok')

-- case: my-delete-target-needs-wrap refused=refused
DELETE customers FROM orders LEFT JOIN customers USING (id)

-- case: my-scope-restore exec
-- scope: --only-deleted customers
UPDATE customers SET deleted_at = NULL WHERE id = 2

-- case: my-delete-order-limit-mixed exec
DELETE FROM orders WHERE customer_id < 20 ORDER BY customer_id, id LIMIT 6

-- case: my-delete-multi-subquery-where exec
DELETE o FROM orders o JOIN customers c ON c.id = o.customer_id WHERE o.id IN (SELECT order_id FROM order_items WHERE qty > 3)

-- case: my-insert-ignore-select exec
INSERT IGNORE INTO leads (id, email, source, created_at) SELECT id + 7000, email, 'ign', created_at FROM customers

-- case: my-update-case-and exec
UPDATE support_tickets SET priority = CASE WHEN status = 'open' AND priority < 3 THEN priority + 1 ELSE priority END

-- case: my-executable-comment-delete exec
DELETE FROM support_tickets /*! WHERE status = 'spam' */

-- case: my-select-into-variable
SELECT count(*) INTO @n FROM customers WHERE region = 'eu'

-- case: join-parenthesized-inner-then-right
SELECT c.id, t.id, p.id FROM (customers c JOIN support_tickets t) RIGHT JOIN products p ON p.id = t.id AND c.id = t.customer_id

-- case: live-test-null-safe-equal
SELECT c.id FROM customers c WHERE c.deleted_at <=> NULL

-- case: live-test-isnull-function
SELECT c.id FROM customers c WHERE ISNULL(c.deleted_at) AND c.id > 2

-- case: live-test-isnull-or
SELECT c.id FROM customers c WHERE ISNULL(c.deleted_at) OR c.id < 5

-- Evaluation order: the caller's expressions fail on values only
-- tombstones hold (customer 2, order 1 and order item 1 are tombstones;
-- deleted_at, is_deleted and deleted_unix markers). MariaDB turns a bad
-- cast into a warning in a SELECT but, in strict mode, into an error
-- quoting the value in UPDATE and DELETE. On D' they never meet them, so
-- the rewritten statement must not fail either.

-- case: eval-order-cast-timestamp exec
UPDATE customers SET phone = concat('+', id) WHERE CAST(CASE WHEN id = 2 THEN 'junk' ELSE '1' END AS SIGNED) = 1

-- case: eval-order-cast-key-lookup exec
UPDATE customers SET phone = concat('+', id) WHERE CAST(CASE WHEN id = 2 THEN 'junk' ELSE '1' END AS SIGNED) = 1 AND id = 2

-- case: eval-order-cast-flag exec
UPDATE orders SET total = total + 1 WHERE CAST(CASE WHEN id = 1 THEN 'junk' ELSE '1' END AS SIGNED) = 1

-- case: eval-order-cast-unix exec
UPDATE order_items SET qty = qty + 1 WHERE CAST(CASE WHEN id = 1 THEN 'junk' ELSE '1' END AS SIGNED) = 1

-- case: eval-order-cast-unix-key-lookup exec
UPDATE order_items SET qty = qty + 1 WHERE CAST(CASE WHEN id = 1 THEN 'junk' ELSE '1' END AS SIGNED) = 1 AND id = 1

-- case: eval-order-cast-delete exec
DELETE FROM orders WHERE CAST(CASE WHEN id = 1 THEN 'junk' ELSE '1' END AS SIGNED) = 0
