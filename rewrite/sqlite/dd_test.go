package sqlite_test

import (
	"database/sql"
	"fmt"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/tombstone-sql/tombstone/internal/rewritetest"
	"github.com/tombstone-sql/tombstone/rewrite"
	"github.com/tombstone-sql/tombstone/rewrite/sqlite"
)

// twinSchema is a schema the shared oracle does not cover: WITHOUT ROWID
// tables, keyed by text, with the live-rows-only unique index that
// tombstone migrate generates.
const twinSchema = `
CREATE TABLE customers (id TEXT PRIMARY KEY, email TEXT NOT NULL, region TEXT, deleted_at TEXT) WITHOUT ROWID;
CREATE UNIQUE INDEX customers_email_live ON customers (email) WHERE deleted_at IS NULL;
CREATE TABLE orders (id INTEGER PRIMARY KEY, customer_id TEXT, total INTEGER, is_deleted INTEGER NOT NULL DEFAULT 0) WITHOUT ROWID;
CREATE TABLE order_items (id INTEGER PRIMARY KEY, order_id INTEGER, qty INTEGER, deleted_unix INTEGER NOT NULL DEFAULT 0);
INSERT INTO customers VALUES ('a', 'a@x', 'eu', NULL), ('b', 'b@x', 'eu', '2026-01-02 10:00:00'), ('c', 'c@x', 'us', NULL), ('d', 'd@x', 'us', '2026-02-03 11:00:00');
INSERT INTO orders VALUES (1, 'a', 10, 0), (2, 'b', 20, 0), (3, 'c', 30, 1), (4, 'd', 40, 0), (5, 'a', 50, 1);
INSERT INTO order_items VALUES (1, 1, 1, 0), (2, 1, 2, 1767225600), (3, 3, 3, 0), (4, 4, 4, 0), (5, 5, 5, 1767229200);
`

// dPrime removes the tombstones: D' holds live rows only, and its unique
// key is a plain one (the application written for D' knows no other).
const dPrime = `
DELETE FROM customers WHERE deleted_at IS NOT NULL;
DELETE FROM orders WHERE is_deleted IS TRUE;
DELETE FROM order_items WHERE deleted_unix <> 0;
DROP INDEX customers_email_live;
CREATE UNIQUE INDEX customers_email ON customers (email);
`

func openTwin(t *testing.T, name string, scripts ...string) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+filepath.Join(t.TempDir(), name+".db"))
	if err != nil {
		t.Fatal(err)
	}
	db.SetMaxOpenConns(1)
	t.Cleanup(func() { db.Close() })
	for _, s := range scripts {
		if _, err := db.Exec(s); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
	}
	return db
}

// run executes sql and returns its rows (or rows affected) and every
// table's live rows afterwards.
func run(t *testing.T, db *sql.DB, q string) []string {
	t.Helper()
	var out []string
	rows, err := db.Query(q)
	if err != nil {
		return []string{"error"}
	}
	out = append(out, collect(t, rows)...)
	for _, tb := range []string{"customers WHERE deleted_at IS NULL", "orders WHERE is_deleted IS NOT TRUE", "order_items WHERE deleted_unix = 0"} {
		r, err := db.Query("SELECT * FROM " + tb)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, "after "+strings.Fields(tb)[0]+": "+strings.Join(collect(t, r), "; "))
	}
	return out
}

func collect(t *testing.T, rows *sql.Rows) []string {
	t.Helper()
	defer rows.Close()
	cols, _ := rows.Columns()
	var out []string
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		var s []string
		for i, v := range vals {
			if cols[i] == "deleted_at" || cols[i] == "is_deleted" || cols[i] == "deleted_unix" {
				v = "~marker"
			}
			s = append(s, fmt.Sprint(v))
		}
		out = append(out, strings.Join(s, "|"))
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	sort.Strings(out)
	return out
}

// TestTwinWithoutRowid runs statements rewritten on D and as written on D'
// over WITHOUT ROWID tables with text keys.
func TestTwinWithoutRowid(t *testing.T) {
	rw := rewrite.New(rewritetest.Policy(t), sqlite.Dialect{})
	stmts := []string{
		"SELECT * FROM customers",
		"SELECT c.id, o.id FROM customers c LEFT JOIN orders o ON o.customer_id = c.id",
		"SELECT c.id, count(i.id) FROM customers c JOIN orders o ON o.customer_id = c.id LEFT JOIN order_items i ON i.order_id = o.id GROUP BY c.id",
		"DELETE FROM customers WHERE region = 'eu' RETURNING id, email",
		"DELETE FROM orders WHERE total >= 20 RETURNING id",
		"DELETE FROM order_items WHERE qty > 1 RETURNING id, qty",
		"UPDATE customers SET region = 'apac' RETURNING id",
		"UPDATE orders SET total = total * 2 FROM customers c WHERE c.id = orders.customer_id RETURNING orders.id, orders.total",
		"INSERT INTO customers (id, email, region) VALUES ('e', 'b@x', 'eu'), ('f', 'a@x', 'us') ON CONFLICT (email) DO UPDATE SET region = 'dup' RETURNING id, region",
		"INSERT OR IGNORE INTO customers (id, email, region) VALUES ('g', 'd@x', 'eu'), ('h', 'c@x', 'eu')",
		"INSERT INTO customers (id, email) VALUES ('i', 'b@x') ON CONFLICT DO NOTHING RETURNING id",
		"SELECT id FROM customers NOT INDEXED WHERE email GLOB '*@x' LIMIT 1, 5",
	}
	for _, q := range stmts {
		t.Run(q, func(t *testing.T) {
			out, err := rw.Rewrite(q, rewrite.Scope{})
			if err != nil {
				t.Fatal(err)
			}
			d := openTwin(t, "d", twinSchema)
			dp := openTwin(t, "dp", twinSchema, dPrime)
			want := run(t, dp, q)
			got := run(t, d, out)
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("rewritten on D differs from original on D' (-D' +D):\n%s\nrewritten: %s", diff, out)
			}
			var n int
			if err := d.QueryRow("SELECT (SELECT count(*) FROM customers) + (SELECT count(*) FROM orders) + (SELECT count(*) FROM order_items)").Scan(&n); err != nil || n != 14 && !strings.HasPrefix(q, "INSERT") {
				t.Errorf("rows left D: %d rows, want 14 (%v)", n, err)
			}
		})
	}
}

// TestMarkerStorage checks what each marker kind stores when a DELETE
// tombstones a row: the documented forms, comparable with older values.
func TestMarkerStorage(t *testing.T) {
	rw := rewrite.New(rewritetest.Policy(t), sqlite.Dialect{})
	db := openTwin(t, "d", twinSchema)
	before := time.Now().UTC().Add(-2 * time.Second)
	for _, q := range []string{"DELETE FROM customers WHERE id = 'a'", "DELETE FROM orders WHERE id = 1", "DELETE FROM order_items WHERE id = 1"} {
		out, err := rw.Rewrite(q, rewrite.Scope{})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.Exec(out); err != nil {
			t.Fatalf("%s: %v", out, err)
		}
	}
	after := time.Now().UTC().Add(2 * time.Second)

	var ts, typ string
	var older bool
	if err := db.QueryRow("SELECT deleted_at, typeof(deleted_at), deleted_at > (SELECT deleted_at FROM customers WHERE id = 'd') FROM customers WHERE id = 'a'").Scan(&ts, &typ, &older); err != nil {
		t.Fatal(err)
	}
	if typ != "text" || !regexp.MustCompile(`^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$`).MatchString(ts) || !older {
		t.Errorf("timestamp marker: %q (%s), later than an older tombstone: %v; want UTC text YYYY-MM-DD HH:MM:SS", ts, typ, older)
	}
	if at, err := time.Parse("2006-01-02 15:04:05", ts); err != nil || at.Before(before.Truncate(time.Second)) || at.After(after) {
		t.Errorf("timestamp marker %q is not the current UTC time (%v)", ts, err)
	}
	var flag int
	if err := db.QueryRow("SELECT is_deleted, typeof(is_deleted) FROM orders WHERE id = 1").Scan(&flag, &typ); err != nil || flag != 1 || typ != "integer" {
		t.Errorf("flag marker: %d (%s, %v), want integer 1", flag, typ, err)
	}
	var unix int64
	if err := db.QueryRow("SELECT deleted_unix, typeof(deleted_unix) FROM order_items WHERE id = 1").Scan(&unix, &typ); err != nil || typ != "integer" || unix < before.Unix() || unix > after.Unix() {
		t.Errorf("unix marker: %d (%s, %v), want the current epoch seconds as an integer", unix, typ, err)
	}
}

// TestUpsertNeedsTheLivePredicate shows why ON CONFLICT gets the live
// predicate: SQLite matches a partial unique index only when the conflict
// target's WHERE is the same expression as the index's.
func TestUpsertNeedsTheLivePredicate(t *testing.T) {
	rw := rewrite.New(rewritetest.Policy(t), sqlite.Dialect{})
	db := openTwin(t, "d", twinSchema)
	q := "INSERT INTO customers (id, email) VALUES ('z', 'b@x') ON CONFLICT (email) DO UPDATE SET region = 'x'"
	if _, err := db.Exec(q); err == nil || !strings.Contains(err.Error(), "ON CONFLICT clause does not match") {
		t.Fatalf("original upsert on D: %v; want SQLite's refusal to match the partial index", err)
	}
	out, err := rw.Rewrite(q, rewrite.Scope{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(out); err != nil {
		t.Fatalf("%s: %v", out, err)
	}
	var n int
	db.QueryRow("SELECT count(*) FROM customers WHERE email = 'b@x'").Scan(&n)
	if n != 2 {
		t.Errorf("b@x rows: %d; want the tombstone and the new live row", n)
	}
}
