package oracle_test

import (
	"context"
	"database/sql"
	"errors"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/tombstone-sql/tombstone/internal/oracle"
	"github.com/tombstone-sql/tombstone/internal/rewritetest"
	"github.com/tombstone-sql/tombstone/rewrite"
)

// crossCase is one logical statement, spelled for each dialect where the
// spellings differ ("?" placeholders become $n on PostgreSQL).
type crossCase struct {
	name    string
	sql     string
	per     map[string]string // dialect → SQL, where it differs
	args    []any
	exec    bool
	scope   rewrite.Scope
	refused error // the sentinel every dialect must refuse with
	// skip names dialects where the statement means something else, with
	// the reason.
	skip map[string]string
}

var crossCases = []crossCase{
	{name: "count", sql: "SELECT count(*) FROM customers"},
	{name: "or-in-where", sql: "SELECT id FROM customers WHERE region = 'eu' OR region = 'us'"},
	{name: "param", sql: "SELECT id FROM support_tickets WHERE customer_id = ? OR priority = ?", args: []any{3, 2}},
	{name: "inner-join", sql: "SELECT c.id, t.id FROM customers c JOIN support_tickets t ON t.customer_id = c.id"},
	{name: "left-join", sql: "SELECT c.id, t.id FROM customers c LEFT JOIN support_tickets t ON t.customer_id = c.id"},
	{name: "left-join-is-null", sql: "SELECT c.id FROM customers c LEFT JOIN orders o ON o.customer_id = c.id WHERE o.id IS NULL"},
	{name: "right-join", sql: "SELECT c.id, t.id FROM support_tickets t RIGHT JOIN customers c ON t.customer_id = c.id"},
	{name: "three-way", sql: "SELECT c.id, o.id, i.id FROM customers c JOIN orders o ON o.customer_id = c.id LEFT JOIN order_items i ON i.order_id = o.id"},
	{name: "in-subquery", sql: "SELECT id FROM customers WHERE id IN (SELECT customer_id FROM orders)"},
	{name: "not-exists", sql: "SELECT id FROM customers c WHERE NOT EXISTS (SELECT 1 FROM notes n WHERE n.customer_id = c.id)"},
	{name: "scalar-subquery", sql: "SELECT c.id, (SELECT count(*) FROM orders o WHERE o.customer_id = c.id) FROM customers c"},
	{name: "derived", sql: "SELECT s.region, s.n FROM (SELECT region, count(*) AS n FROM customers GROUP BY region) s"},
	{name: "cte", sql: "WITH us AS (SELECT * FROM customers WHERE region = 'us') SELECT us.id, o.id FROM us JOIN orders o ON o.customer_id = us.id"},
	{name: "cte-shadows-table", sql: "WITH customers AS (SELECT * FROM customers WHERE region = 'us') SELECT count(*) FROM customers",
		skip: map[string]string{"sqlite": "SQLite calls a CTE that names itself a circular reference"}},
	{name: "union", sql: "SELECT customer_id FROM orders UNION SELECT customer_id FROM support_tickets"},
	{name: "group-having", sql: "SELECT customer_id, count(*) FROM support_tickets GROUP BY customer_id HAVING count(*) > 1"},
	{name: "flag-marker", sql: "SELECT id FROM orders WHERE total > 100"},
	{name: "unix-marker", sql: "SELECT sum(qty * price) FROM order_items"},
	{name: "quoted-column-marker", sql: "SELECT id FROM notes"},
	{name: "existing-live-test", sql: "SELECT id FROM orders o WHERE o.is_deleted = false AND o.total > 100",
		per: map[string]string{"sqlite": "SELECT id FROM orders o WHERE o.is_deleted = 0 AND o.total > 100"}},
	{name: "delete", sql: "DELETE FROM customers WHERE region = ?", args: []any{"us"}, exec: true},
	{name: "delete-flag", sql: "DELETE FROM orders WHERE status = 'cancelled'", exec: true},
	{name: "delete-unix", sql: "DELETE FROM order_items WHERE qty >= 4", exec: true},
	{name: "delete-subquery", sql: "DELETE FROM support_tickets WHERE customer_id IN (SELECT id FROM customers WHERE region = 'us')", exec: true},
	{name: "delete-hard", sql: "DELETE FROM leads WHERE source = 'ads'", exec: true},
	{name: "update", sql: "UPDATE orders SET status = 'review' WHERE total > 400 OR status = 'pending'", exec: true},
	{name: "insert-select", sql: "INSERT INTO leads (id, email, source, created_at) SELECT 1000 + id, email, 'import', created_at FROM customers", exec: true},
	{name: "delete-retained", sql: "DELETE FROM invoices WHERE id = 1", exec: true, refused: rewrite.ErrRetained},
	{name: "truncate-soft", sql: "TRUNCATE TABLE customers", exec: true, refused: rewrite.ErrRefused,
		skip: map[string]string{"sqlite": "SQLite has no TRUNCATE (it is a syntax error, refused as ErrUnparsed)"}},
	{name: "only-deleted", sql: "SELECT id FROM customers", scope: rewrite.Scope{OnlyDeleted: []string{"customers"}}},
	{name: "with-deleted", sql: "SELECT count(*) FROM customers c JOIN orders o ON o.customer_id = c.id", scope: rewrite.Scope{WithDeleted: []string{"customers"}}},
	// Restores of orders: no restore window; those of customers' fixed
	// rows are past theirs (see the restore window's own tests).
	{name: "restore", sql: "UPDATE orders SET is_deleted = ? WHERE id < ?", args: []any{false, 10}, exec: true, scope: rewrite.Scope{OnlyDeleted: []string{"orders"}}},
	{name: "purge", sql: "DELETE FROM support_tickets WHERE id < ?", args: []any{30}, exec: true, scope: rewrite.Scope{HardDelete: true, OnlyDeleted: []string{"support_tickets"}}},
	{name: "upsert-reuses-a-tombstones-key",
		sql:  "INSERT INTO customers (id, name, email, region, created_at) SELECT 900 + id, 'again', email, 'eu', '2026-01-01' FROM leads WHERE email LIKE 'c%' ON CONFLICT (email) DO NOTHING",
		per:  map[string]string{"mysql": "INSERT IGNORE INTO customers (id, name, email, region, created_at) SELECT 900 + id, 'again', email, 'eu', '2026-01-01' FROM leads WHERE email LIKE 'c%'"},
		exec: true},
}

type crossOutcome struct {
	Refusal  string
	Rows     []string
	Affected int64
}

// TestDialectsAgree runs the same logical statements on PostgreSQL,
// MariaDB and SQLite, each rewritten by its own adapter on the same data:
// a dialect that behaves differently fails its row.
func TestDialectsAgree(t *testing.T) {
	pol := rewritetest.Policy(t)
	engines := map[string]oracle.Engine{"postgres": oracle.Postgres(), "mysql": oracle.MySQL(""), "sqlite": oracle.SQLite()}
	names := []string{"postgres", "mysql", "sqlite"}
	dbs := map[string]*sql.DB{}
	for _, n := range names {
		e := engines[n]
		db, _ := e.Open(t)
		oracle.Load(t, e, db, pol)
		dbs[n] = db
	}
	for _, c := range crossCases {
		t.Run(c.name, func(t *testing.T) {
			got := map[string]crossOutcome{}
			for _, n := range names {
				if why, ok := c.skip[n]; ok {
					t.Logf("%s: not compared: %s", n, why)
					continue
				}
				text := c.sql
				if s, ok := c.per[n]; ok {
					text = s
				}
				if n == "postgres" {
					text = dollars(text)
				}
				got[n] = runCross(t, rewrite.New(pol, engines[n].Dialect), dbs[n], text, c)
			}
			if c.refused != nil && got["postgres"].Refusal != c.refused.Error() {
				t.Errorf("postgres: refusal %q, want %q", got["postgres"].Refusal, c.refused)
			}
			if c.refused == nil && len(got["postgres"].Rows) == 0 && got["postgres"].Affected == 0 {
				t.Errorf("the case returns and changes nothing: it cannot tell the dialects apart")
			}
			for _, n := range names[1:] {
				if _, ok := got[n]; !ok {
					continue
				}
				if diff := cmp.Diff(got["postgres"], got[n]); diff != "" {
					t.Errorf("%s differs from postgres (-postgres +%s):\n%s", n, n, diff)
				}
			}
		})
	}
}

// dollars numbers ? placeholders as $1, $2, … (the cases hold no ? in
// strings).
func dollars(s string) string {
	var b strings.Builder
	n := 0
	for _, r := range s {
		if r == '?' {
			n++
			b.WriteString("$" + string(rune('0'+n)))
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

func runCross(t *testing.T, rw *rewrite.Rewriter, db *sql.DB, text string, c crossCase) crossOutcome {
	t.Helper()
	out, err := rw.Rewrite(text, c.scope)
	if err != nil {
		for _, s := range []error{rewrite.ErrRetained, rewrite.ErrRefused, rewrite.ErrUnparsed} {
			if errors.Is(err, s) {
				return crossOutcome{Refusal: s.Error()}
			}
		}
		t.Fatalf("rewrite: %v", err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	var res crossOutcome
	if c.exec {
		r, err := tx.ExecContext(ctx, out, c.args...)
		if err != nil {
			t.Fatalf("%s: %v", out, err)
		}
		res.Affected, _ = r.RowsAffected()
		return res
	}
	rows, err := tx.QueryContext(ctx, out, c.args...)
	if err != nil {
		t.Fatalf("%s: %v", out, err)
	}
	r, err := oracle.Collect(rows)
	if err != nil {
		t.Fatal(err)
	}
	for _, row := range r.Rows {
		var vals []string
		for _, v := range row {
			vals = append(vals, oracle.Format(v))
		}
		res.Rows = append(res.Rows, strings.Join(vals, " | "))
	}
	sort.Strings(res.Rows)
	return res
}
