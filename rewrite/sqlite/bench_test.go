package sqlite

import (
	"testing"

	"github.com/tombstone-sql/tombstone/internal/rewritetest"
	"github.com/tombstone-sql/tombstone/rewrite"
	"github.com/tombstone-sql/tombstone/rewrite/postgres"
)

// benchStatements are the shapes BENCHMARKS.md reports, the same for every
// dialect, in SQLite spelling.
var benchStatements = []rewritetest.Named{
	{Name: "point-select", SQL: "SELECT id, name, email FROM customers WHERE id = ?"},
	{Name: "join-3", SQL: "SELECT c.name, o.id, i.qty FROM customers c JOIN orders o ON o.customer_id = c.id JOIN order_items i ON i.order_id = o.id WHERE c.region = ?"},
	{Name: "report-40-lines", SQL: report},
	{Name: "quick-reject", SQL: "SELECT p.id, p.name, p.price FROM products p JOIN regions r ON r.code = p.category WHERE p.price > ? ORDER BY p.price DESC LIMIT 20"},
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
         count(*) AS line_count
    FROM order_items i
   GROUP BY i.order_id
),
tickets AS (
  SELECT t.customer_id,
         sum(t.status = 'open') AS open,
         count(*) AS total
    FROM support_tickets t
   GROUP BY t.customer_id
)
SELECT c.region,
       count(DISTINCT c.id) AS customers,
       count(DISTINCT p.id) AS orders,
       coalesce(sum(it.amount), 0) AS revenue,
       coalesce(sum(it.line_count), 0) AS line_count,
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

// TestBenchStatementsPrepare keeps the benchmarked statements honest: each
// rewrites and prepares in SQLite.
func TestBenchStatementsPrepare(t *testing.T) {
	c := openCAPI(t, testSchema...)
	c.exec(t, "CREATE TABLE regions (code TEXT PRIMARY KEY, name TEXT)")
	rw := rewrite.New(rewritetest.Policy(t), Dialect{})
	for _, s := range benchStatements {
		out, err := rw.Rewrite(s.SQL, rewrite.Scope{})
		if err != nil {
			t.Fatalf("%s: %v", s.Name, err)
		}
		if msg, pos := c.prepareAll(out); msg != "" {
			t.Errorf("%s: %s (at %d)\n%s", s.Name, msg, pos, out)
		}
	}
}

// BenchmarkRewrite measures the uncached rewrite path: quick reject,
// SQLite tokenizer, translation, pg_query parse and walk, position map,
// decisions, edits.
func BenchmarkRewrite(b *testing.B) { rewritetest.BenchRewrite(b, Dialect{}, benchStatements) }

// BenchmarkTranslate is the adapter's own share before pg_query: the SQLite
// tokenizer, the statement split and the translation.
func BenchmarkTranslate(b *testing.B) {
	for _, s := range benchStatements {
		b.Run(s.Name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				toks := scan(s.SQL)
				for _, st := range split(s.SQL, toks) {
					if _, err := translate(s.SQL, st.toks); err != nil {
						b.Fatal(err)
					}
				}
			}
		})
	}
}

// BenchmarkPostgresAnalyze is the PostgreSQL adapter on the translated
// text: pg_query's parse and scan and its walk, the floor the rewrite
// stands on.
func BenchmarkPostgresAnalyze(b *testing.B) {
	for _, s := range benchStatements {
		toks := scan(s.SQL)
		st := split(s.SQL, toks)[0]
		tr, err := translate(s.SQL, st.toks)
		if err != nil {
			b.Fatal(err)
		}
		pg := tr.pg.String()
		b.Run(s.Name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := (postgres.Dialect{}).Analyze(pg); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
