package postgres_test

import (
	"testing"

	pg "github.com/pganalyze/pg_query_go/v5"

	"github.com/tombstone-sql/tombstone/internal/rewritetest"
	"github.com/tombstone-sql/tombstone/rewrite/postgres"
)

// benchStatements are the shapes BENCHMARKS.md reports, the same for every
// dialect.
var benchStatements = []rewritetest.Named{
	{Name: "point-select", SQL: "SELECT id, name, email FROM customers WHERE id = $1"},
	{Name: "join-3", SQL: "SELECT c.name, o.id, i.qty FROM customers c JOIN orders o ON o.customer_id = c.id JOIN order_items i ON i.order_id = o.id WHERE c.region = $1"},
	{Name: "report-40-lines", SQL: report},
	{Name: "quick-reject", SQL: "SELECT p.id, p.name, p.price FROM products p JOIN regions r ON r.code = p.category WHERE p.price > $1 ORDER BY p.price DESC LIMIT 20"},
}

const report = `-- Monthly revenue report: 40 lines
WITH paid AS (
  SELECT o.id, o.customer_id, o.total
    FROM orders o
   WHERE o.status = 'paid'
),
items AS (
  SELECT i.order_id,
         sum(i.qty * i.price) AS amount,
         count(*) AS lines
    FROM order_items i
   GROUP BY i.order_id
),
tickets AS (
  SELECT t.customer_id,
         count(*) FILTER (WHERE t.status = 'open') AS open,
         count(*) AS total
    FROM support_tickets t
   GROUP BY t.customer_id
)
SELECT c.region,
       count(DISTINCT c.id) AS customers,
       count(DISTINCT p.id) AS orders,
       coalesce(sum(it.amount), 0) AS revenue,
       coalesce(sum(it.lines), 0) AS lines,
       max(tk.open) AS worst_open,
       (SELECT count(*)
          FROM notes n
         WHERE n.customer_id = min(c.id)) AS notes
  FROM customers c
  LEFT JOIN paid p ON p.customer_id = c.id
  LEFT JOIN items it ON it.order_id = p.id
  LEFT JOIN tickets tk ON tk.customer_id = c.id
  LEFT JOIN sales.accounts a ON a.customer_id = c.id
 WHERE c.region IN ('eu', 'us', 'apac', 'latam')
   AND (a.plan IS NULL OR a.plan <> 'free')
 GROUP BY c.region
HAVING count(DISTINCT c.id) > 0
 ORDER BY revenue DESC
 LIMIT 10`

// BenchmarkRewrite measures the uncached rewrite path; BenchmarkParse is
// pg_query's parse of the same text, the floor the rewrite stands on.
func BenchmarkRewrite(b *testing.B) { rewritetest.BenchRewrite(b, postgres.Dialect{}, benchStatements) }

func BenchmarkParse(b *testing.B) {
	for _, s := range benchStatements {
		b.Run(s.Name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := pg.Parse(s.SQL); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
