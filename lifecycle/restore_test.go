package lifecycle_test

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	_ "github.com/go-sql-driver/mysql" // the "mysql" driver
	"github.com/google/go-cmp/cmp"
	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" driver
	_ "modernc.org/sqlite"             // the "sqlite" driver

	"github.com/tombstone-sql/tombstone"
	"github.com/tombstone-sql/tombstone/internal/cli"
	"github.com/tombstone-sql/tombstone/internal/testdb"
	"github.com/tombstone-sql/tombstone/lifecycle"
	"github.com/tombstone-sql/tombstone/policy"
	"github.com/tombstone-sql/tombstone/schema"
)

// The restore tests' policy: windows on a timestamp and a unix marker (with
// a composite key), a cascade from customers to their tickets, and roles.
const restorePolicy = `version: 1
audit: {table: tombstone_audit}
roles:
  agent: {}
  manager: {see_deleted: true, restore: true}
tables:
  customers:
    delete: soft
    column: deleted_at
    restore_window: 30d
    cascade: {tickets: customer_id}
  tickets:
    delete: soft
    column: deleted_at
    restore_window: 14d
  order_lines:
    delete: soft
    column: deleted_unix
    marker: unix
    key: [order_id, n]
    restore_window: 2d
`

// db is one scratch database: plain (the test's own view), through
// tombstone, and as the URL the CLI takes.
type db struct {
	dialect    string
	plain, enf *sql.DB
	url        string
	policyFile string
	p          *policy.Policy
}

func databases(t *testing.T) []*db { return databasesWith(t, restorePolicy) }

func databasesWith(t *testing.T, text string) []*db {
	t.Helper()
	p, err := policy.Parse("restore.yaml", []byte(text))
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "tombstone.yaml")
	if err := os.WriteFile(file, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	pgDSN, _ := testdb.PostgresSchema(t)
	myDSN, myName := testdb.MySQLDatabase(t, "parseTime=true")
	litePath := filepath.Join(t.TempDir(), "t.db")
	liteDSN := "file:" + litePath + "?_pragma=busy_timeout(10000)"
	var out []*db
	for _, d := range []struct{ dialect, driver, dsn, url string }{
		{"postgres", "pgx", pgDSN, pgDSN},
		{"mysql", "mysql", myDSN, "mysql://root@127.0.0.1:3306/" + myName + "?parseTime=true"},
		{"sqlite", "sqlite", liteDSN, "sqlite:" + litePath},
	} {
		plain, err := sql.Open(d.driver, d.dsn)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { plain.Close() })
		e := &db{dialect: d.dialect, plain: plain, url: d.url, policyFile: file, p: p}
		e.load(t)
		enf, err := tombstone.OpenDB(d.driver, d.dsn, p, tombstone.WithDialect(d.dialect), tombstone.WithLogger(slog.New(slog.DiscardHandler)))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { enf.Close() })
		e.enf = enf
		out = append(out, e)
	}
	return out
}

func (e *db) load(t *testing.T) {
	t.Helper()
	text := map[string]string{"postgres": "text", "mysql": "VARCHAR(255)", "sqlite": "TEXT"}[e.dialect]
	stmts := []string{
		"CREATE TABLE customers (id INT PRIMARY KEY, name " + text + " NOT NULL)",
		"CREATE TABLE tickets (id INT PRIMARY KEY, customer_id INT NOT NULL, subject " + text + " NOT NULL)",
		"CREATE TABLE order_lines (order_id INT NOT NULL, n INT NOT NULL, PRIMARY KEY (order_id, n))",
	}
	ddl, err := schema.Migrate(e.p, e.dialect)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range ddl {
		stmts = append(stmts, s.SQL)
	}
	e.exec(t, stmts...)
}

func (e *db) exec(t *testing.T, stmts ...string) {
	t.Helper()
	for _, s := range stmts {
		if _, err := e.plain.Exec(s); err != nil {
			t.Fatalf("%s: %s: %v", e.dialect, s, err)
		}
	}
}

// ago is the database's time hours ago, as a timestamp or in seconds.
func (e *db) ago(hours int, unix bool) string {
	switch {
	case unix && e.dialect == "postgres":
		return fmt.Sprintf("extract(epoch FROM now())::bigint - %d", hours*3600)
	case unix && e.dialect == "mysql":
		return fmt.Sprintf("UNIX_TIMESTAMP() - %d", hours*3600)
	case unix:
		return fmt.Sprintf("CAST(strftime('%%s','now') AS INTEGER) - %d", hours*3600)
	case e.dialect == "postgres":
		return fmt.Sprintf("now() - interval '%d hours'", hours)
	case e.dialect == "mysql":
		return fmt.Sprintf("NOW(6) - INTERVAL %d HOUR", hours)
	}
	return fmt.Sprintf("strftime('%%Y-%%m-%%d %%H:%%M:%%S', 'now', '-%d hours')", hours)
}

// through sends one statement through tombstone and returns rows affected.
func (e *db) through(t *testing.T, ctx context.Context, q string, args ...any) int64 {
	t.Helper()
	res, err := e.enf.ExecContext(ctx, q, args...)
	if err != nil {
		t.Fatalf("%s: %s: %v", e.dialect, q, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// state is every row of the tables, read without tombstone: key and
// whether it is live.
func (e *db) state(t *testing.T) []string {
	t.Helper()
	var out []string
	for _, q := range []string{
		"SELECT 'customers', id, 0, deleted_at IS NULL FROM customers",
		"SELECT 'tickets', id, 0, deleted_at IS NULL FROM tickets",
		"SELECT 'order_lines', order_id, n, deleted_unix = 0 FROM order_lines",
	} {
		rows, err := e.plain.Query(q)
		if err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		for rows.Next() {
			var table string
			var a, b int
			var live bool
			if err := rows.Scan(&table, &a, &b, &live); err != nil {
				t.Fatal(err)
			}
			k := fmt.Sprintf("%s %d", table, a)
			if table == "order_lines" {
				k = fmt.Sprintf("%s %d-%d", table, a, b)
			}
			out = append(out, k+map[bool]string{true: " live", false: " deleted"}[live])
		}
		rows.Close()
	}
	sort.Strings(out)
	return out
}

// audit is the audit trail, actor|action|table|key, sorted.
func (e *db) audit(t *testing.T) []string {
	t.Helper()
	rows, err := e.plain.Query("SELECT COALESCE(actor, ''), action, table_name, COALESCE(row_key, '') FROM tombstone_audit")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var a, b, c, d string
		if err := rows.Scan(&a, &b, &c, &d); err != nil {
			t.Fatal(err)
		}
		// The key as JSON with sorted names: servers order them apart.
		if d != "" {
			var m map[string]any
			if err := json.Unmarshal([]byte(d), &m); err != nil {
				t.Fatalf("row key %q: %v", d, err)
			}
			k, _ := json.Marshal(m)
			d = string(k)
		}
		out = append(out, a+"|"+b+"|"+c+"|"+d)
	}
	sort.Strings(out)
	return out
}

func (e *db) ph(n int) string {
	if e.dialect == "postgres" {
		return fmt.Sprintf("$%d", n)
	}
	return "?"
}

// cli runs tombstone restore against the database.
func (e *db) cli(args ...string) (code int, stdout, stderr string) {
	var out, errb bytes.Buffer
	code = cli.Run(append([]string{"restore", "--policy", e.policyFile, "--dsn", e.url}, args...), strings.NewReader(""), &out, &errb)
	return code, out.String(), errb.String()
}

func manager(actor string) context.Context {
	return tombstone.WithRole(tombstone.WithActor(context.Background(), actor, "asked"), "manager")
}

// auditKey is a key as the audit helper renders row_key: JSON with the
// policy's key column names, sorted.
func auditKey(t *policy.Table, key lifecycle.Key) string {
	m := map[string]any{}
	for name, v := range key {
		for _, k := range t.Key {
			if strings.EqualFold(k, name) {
				m[k] = v
			}
		}
	}
	b, _ := json.Marshal(m)
	return string(b)
}

// expected builds the state a test expects, row by row.
type expected map[string]bool

func (x expected) set(live bool, keys ...string) {
	for _, k := range keys {
		x[k] = live
	}
}

func (x expected) list() []string {
	var out []string
	for k, live := range x {
		out = append(out, k+map[bool]string{true: " live", false: " deleted"}[live])
	}
	sort.Strings(out)
	return out
}

// TestRestoreWindow restores through the API and the CLI, inside and
// outside the window, on a timestamp marker and a unix marker with a
// composite key; live rows, missing keys and roles without restore are
// refused with their own errors; each restore leaves one audit row.
func TestRestoreWindow(t *testing.T) {
	for _, e := range databases(t) {
		t.Run(e.dialect, func(t *testing.T) {
			e.exec(t, "INSERT INTO customers (id, name) VALUES (1, 'a'), (2, 'b'), (3, 'c'), (4, 'd'), (5, 'e')",
				"INSERT INTO order_lines (order_id, n) VALUES (1, 1), (1, 2), (2, 1)")
			del := tombstone.WithActor(context.Background(), "alex", "gone")
			if n := e.through(t, del, "DELETE FROM customers WHERE id < 5"); n != 4 {
				t.Fatalf("deleted %d customers, want 4", n)
			}
			if n := e.through(t, del, "DELETE FROM order_lines WHERE order_id = 1"); n != 2 {
				t.Fatalf("deleted %d order_lines, want 2", n)
			}
			// Customer 1 was deleted just now, 2 a day ago, 3 and 4 past the
			// 30 days; line 1-2 past its 2 days.
			e.exec(t, "UPDATE customers SET deleted_at = "+e.ago(24, false)+" WHERE id = 2",
				"UPDATE customers SET deleted_at = "+e.ago(31*24, false)+" WHERE id = 3",
				"UPDATE customers SET deleted_at = "+e.ago(400*24, false)+" WHERE id = 4",
				"UPDATE order_lines SET deleted_unix = "+e.ago(3*24, true)+" WHERE n = 2")
			want := expected{}
			want.set(false, "customers 1", "customers 2", "customers 3", "customers 4", "order_lines 1-1", "order_lines 1-2")
			want.set(true, "customers 5", "order_lines 2-1")
			audit := []string{
				`alex|tombstone|customers|{"id":1}`, `alex|tombstone|customers|{"id":2}`, `alex|tombstone|customers|{"id":3}`, `alex|tombstone|customers|{"id":4}`,
				`alex|tombstone|order_lines|{"n":1,"order_id":1}`, `alex|tombstone|order_lines|{"n":2,"order_id":1}`,
			}

			customers, lines := e.p.Table("customers"), e.p.Table("order_lines")
			ctx := manager("maya")
			if err := lifecycle.Restore(ctx, e.enf, e.dialect, customers, lifecycle.Key{"id": 1}); err != nil {
				t.Fatalf("restore inside the window: %v", err)
			}
			want.set(true, "customers 1")
			audit = append(audit, `maya|restore|customers|{"id":1}`)
			if err := lifecycle.Restore(ctx, e.enf, e.dialect, lines, lifecycle.Key{"n": 1, "order_id": 1}); err != nil {
				t.Fatalf("restore a unix tombstone inside the window: %v", err)
			}
			want.set(true, "order_lines 1-1")
			audit = append(audit, `maya|restore|order_lines|{"n":1,"order_id":1}`)

			refusals := []struct {
				name string
				ctx  context.Context
				t    *policy.Table
				key  lifecycle.Key
				want error
				msg  []string
			}{
				{"past the window", ctx, customers, lifecycle.Key{"id": 3}, tombstone.ErrWindowClosed, []string{"customers (id=3)", "was deleted at", "30 days"}},
				{"long past the window", ctx, customers, lifecycle.Key{"ID": 4}, tombstone.ErrWindowClosed, []string{"customers (ID=4)", "30 days"}},
				{"unix past the window", ctx, lines, lifecycle.Key{"order_id": 1, "n": 2}, tombstone.ErrWindowClosed, []string{"order_lines (order_id=1, n=2)", "2 days"}},
				{"live row", ctx, customers, lifecycle.Key{"id": 5}, tombstone.ErrNotDeleted, []string{"customers (id=5) is live"}},
				{"restored row", ctx, customers, lifecycle.Key{"id": 1}, tombstone.ErrNotDeleted, nil},
				{"missing key", ctx, customers, lifecycle.Key{"id": 99}, tombstone.ErrNoRow, []string{"no row (id=99)"}},
				{"role without restore", tombstone.WithRole(context.Background(), "agent"), customers, lifecycle.Key{"id": 2}, tombstone.ErrForbidden, nil},
				{"no role", context.Background(), customers, lifecycle.Key{"id": 2}, tombstone.ErrForbidden, nil},
			}
			for _, r := range refusals {
				err := lifecycle.Restore(r.ctx, e.enf, e.dialect, r.t, r.key)
				if !errors.Is(err, r.want) {
					t.Errorf("%s: err = %v, want %v", r.name, err, r.want)
					continue
				}
				for _, m := range r.msg {
					if !strings.Contains(err.Error(), m) {
						t.Errorf("%s: %q does not say %q", r.name, err, m)
					}
				}
				if r.want == tombstone.ErrWindowClosed {
					// A restore refused past the window is audited, with
					// the context's actor and the row's key.
					audit = append(audit, "maya|restore_refused|"+r.t.Name+"|"+auditKey(r.t, r.key))
				}
			}
			if err := lifecycle.Restore(ctx, e.enf, e.dialect, customers, lifecycle.Key{"name": "b"}); err == nil || !strings.Contains(err.Error(), "not a key column") {
				t.Errorf("a key naming another column: err = %v", err)
			}
			if err := lifecycle.Restore(ctx, e.plain, e.dialect, customers, lifecycle.Key{"id": 2}); !errors.Is(err, lifecycle.ErrNotEnforced) {
				t.Errorf("a database not opened through tombstone: err = %v, want ErrNotEnforced", err)
			}

			// The CLI: restored (0), refused with one line (1), usage (2).
			if code, out, errOut := e.cli("--table", "customers", "--key", "id=2", "--actor", "sam", "--reason", "asked", "--role", "manager"); code != 0 || out != "restored customers id=2\n" || errOut != "" {
				t.Errorf("CLI restore inside the window: exit %d, stdout %q, stderr %q", code, out, errOut)
			}
			want.set(true, "customers 2")
			audit = append(audit, `sam|restore|customers|{"id":2}`)
			code, out, errOut := e.cli("--table", "customers", "--key", "id=3", "--role", "manager")
			if code != 1 || out != "" || strings.Count(errOut, "\n") != 1 || !strings.Contains(errOut, "restore window closed: customers (id=3) was deleted at") {
				t.Errorf("CLI restore past the window: exit %d, stdout %q, stderr %q", code, out, errOut)
			}
			audit = append(audit, `|restore_refused|customers|{"id":3}`)
			if code, _, errOut := e.cli("--table", "customers", "--key", "id=2", "--role", "agent"); code != 1 || !strings.Contains(errOut, "forbidden") {
				t.Errorf("CLI restore by a role without restore: exit %d, stderr %q", code, errOut)
			}
			if code, _, errOut := e.cli("--table", "order_lines", "--key", "order_id=1", "--role", "manager"); code != 2 || !strings.Contains(errOut, "(order_id, n)") {
				t.Errorf("CLI restore with half a key: exit %d, stderr %q", code, errOut)
			}
			if code, _, errOut := e.cli("--table", "leads", "--key", "id=1"); code != 2 || !strings.Contains(errOut, "governs no table") {
				t.Errorf("CLI restore of an unknown table: exit %d, stderr %q", code, errOut)
			}

			if diff := cmp.Diff(want.list(), e.state(t)); diff != "" {
				t.Errorf("rows (-want +got):\n%s", diff)
			}
			sort.Strings(audit)
			if diff := cmp.Diff(audit, e.audit(t)); diff != "" {
				t.Errorf("audit trail (-want +got):\n%s", diff)
			}
			// A refused restore's row_key is the very string the triggers
			// write for the row (its tombstone), so one query finds both.
			var same int
			if err := e.plain.QueryRow("SELECT count(*) FROM tombstone_audit WHERE table_name = 'order_lines' AND row_key = (SELECT row_key FROM tombstone_audit WHERE action = 'restore_refused' AND table_name = 'order_lines')").Scan(&same); err != nil || same != 2 {
				t.Errorf("audit rows with the refused restore's row_key: %d (%v), want 2 (the tombstone and the refusal)", same, err)
			}
		})
	}
}

// TestRestoreWindowSQL sends restores as application SQL through the
// driver, hostile shapes included: none brings back a tombstone past its
// window or moves its deletion time (which would reopen the window).
func TestRestoreWindowSQL(t *testing.T) {
	for _, e := range databases(t) {
		t.Run(e.dialect, func(t *testing.T) {
			e.exec(t, "INSERT INTO customers (id, name) VALUES (1, 'a'), (2, 'b'), (3, 'c'), (4, 'd'), (5, 'e'), (6, 'f')")
			e.through(t, tombstone.WithActor(context.Background(), "alex", ""), "DELETE FROM customers WHERE id < 6")
			// Days since deletion per customer; 6 stays live.
			age := map[int]int{1: 1, 2: 29, 3: 31, 4: 60, 5: 2}
			for id, days := range age {
				e.exec(t, fmt.Sprintf("UPDATE customers SET deleted_at = %s WHERE id = %d", e.ago(days*24, false), id))
			}
			stamp := func() []string {
				var out []string
				rows, err := e.plain.Query("SELECT id, COALESCE(CAST(deleted_at AS CHAR(40)), '') FROM customers WHERE id IN (3, 4) ORDER BY id")
				if e.dialect == "postgres" {
					rows, err = e.plain.Query("SELECT id, COALESCE(CAST(deleted_at AS text), '') FROM customers WHERE id IN (3, 4) ORDER BY id")
				}
				if err != nil {
					t.Fatal(err)
				}
				defer rows.Close()
				for rows.Next() {
					var id int
					var s string
					if err := rows.Scan(&id, &s); err != nil {
						t.Fatal(err)
					}
					out = append(out, fmt.Sprint(id, " ", s))
				}
				return out
			}
			before := stamp()
			ctx := manager("maya")
			only := tombstone.OnlyDeleted(ctx, "customers")
			with := tombstone.WithDeleted(ctx, "customers")
			now := map[string]string{"postgres": "now()", "mysql": "NOW(6)", "sqlite": "CURRENT_TIMESTAMP"}[e.dialect]
			steps := []struct {
				ctx  context.Context
				sql  string
				want int64
			}{
				// Past the window, by key: nothing.
				{only, "UPDATE customers SET deleted_at = NULL WHERE id = " + e.ph(1), 0},
				// Hostile: a window of the caller's own, under OR: only
				// those inside the policy's window (1, 2, 5) come back.
				{only, "UPDATE customers SET deleted_at = NULL WHERE id = 4 OR (deleted_at IS NOT NULL AND deleted_at > " + e.ago(24*365*10, false) + ")", 3},
				// Re-stamping tombstones to reopen their windows: only live
				// rows and those inside the window are reached (5, live
				// again, is tombstoned anew).
				{with, "UPDATE customers SET name = 'x', deleted_at = " + now + " WHERE id IN (3, 4, 5)", 1},
				// Every tombstone: those inside the window (5) come back.
				{only, "UPDATE customers SET deleted_at = NULL", 1},
			}
			for i, s := range steps {
				args := []any{}
				if strings.Contains(s.sql, e.ph(1)) {
					args = append(args, 3)
				}
				if n := e.through(t, s.ctx, s.sql, args...); n != s.want {
					t.Errorf("step %d: %s: %d rows affected, want %d", i, s.sql, n, s.want)
				}
			}
			if e.dialect == "postgres" {
				if n := e.through(t, only, "MERGE INTO customers c USING (VALUES (3), (4)) AS v(id) ON c.id = v.id WHEN MATCHED THEN UPDATE SET deleted_at = NULL"); n != 0 {
					t.Errorf("MERGE restored %d rows past the window", n)
				}
			}
			if _, err := e.enf.ExecContext(tombstone.OnlyDeleted(tombstone.WithRole(context.Background(), "agent"), "customers"), "UPDATE customers SET deleted_at = NULL"); !errors.Is(err, tombstone.ErrForbidden) {
				t.Errorf("restore by a role without restore: err = %v", err)
			}
			// 3 and 4 are past the window throughout.
			want := expected{}
			want.set(true, "customers 1", "customers 2", "customers 5", "customers 6")
			want.set(false, "customers 3", "customers 4")
			got := e.state(t)
			var customers []string
			for _, r := range got {
				if strings.HasPrefix(r, "customers ") {
					customers = append(customers, r)
				}
			}
			if diff := cmp.Diff(want.list(), customers); diff != "" {
				t.Errorf("rows (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(before, stamp()); diff != "" {
				t.Errorf("the deletion times of tombstones past the window changed (-before +after):\n%s", diff)
			}
			var restores []string
			for _, a := range e.audit(t) {
				if strings.Contains(a, "|restore|") {
					restores = append(restores, a)
				}
			}
			wantRestores := []string{`maya|restore|customers|{"id":1}`, `maya|restore|customers|{"id":2}`, `maya|restore|customers|{"id":5}`, `maya|restore|customers|{"id":5}`}
			if diff := cmp.Diff(wantRestores, restores); diff != "" {
				t.Errorf("restore audit rows (-want +got):\n%s", diff)
			}
		})
	}
}

// TestCascadeRestoreExact: tombstoning customers tombstones their live
// tickets, whatever the DELETE's shape, with rows affected counting the
// customers only; restoring a customer (API, CLI or SQL) restores exactly
// the tickets of that deletion — not one deleted on its own before, not
// one restored and deleted on its own since, not one past its own window.
// Every ticket gets its own audit rows.
func TestCascadeRestoreExact(t *testing.T) {
	for _, e := range databases(t) {
		t.Run(e.dialect, func(t *testing.T) {
			e.exec(t, "INSERT INTO customers (id, name) VALUES (1, 'a'), (2, 'b'), (3, 'c'), (4, 'd')",
				"INSERT INTO tickets (id, customer_id, subject) VALUES (11, 1, 'open'), (12, 1, 'open'), (13, 1, 'old'), (21, 2, 'open'), (31, 3, 'open'), (41, 4, 'other')")
			alex := tombstone.WithActor(context.Background(), "alex", "")
			ctx := manager("maya")
			customers, tickets := e.p.Table("customers"), e.p.Table("tickets")
			want := expected{}
			want.set(true, "customers 1", "customers 2", "customers 3", "customers 4", "tickets 11", "tickets 12", "tickets 13", "tickets 21", "tickets 31", "tickets 41")
			var audit []string
			tomb := func(actor, table string, ids ...int) {
				for _, id := range ids {
					want.set(false, fmt.Sprintf("%s %d", table, id))
					audit = append(audit, fmt.Sprintf(`%s|tombstone|%s|{"id":%d}`, actor, table, id))
				}
			}
			back := func(actor, table string, ids ...int) {
				for _, id := range ids {
					want.set(true, fmt.Sprintf("%s %d", table, id))
					audit = append(audit, fmt.Sprintf(`%s|restore|%s|{"id":%d}`, actor, table, id))
				}
			}
			check := func(step string) {
				t.Helper()
				if diff := cmp.Diff(want.list(), e.state(t)); diff != "" {
					t.Errorf("%s: rows (-want +got):\n%s", step, diff)
				}
			}

			// Support deleted ticket 13 a week ago, on its own.
			e.through(t, tombstone.WithActor(context.Background(), "support", ""), "DELETE FROM tickets WHERE id = 13")
			e.exec(t, "UPDATE tickets SET deleted_at = "+e.ago(7*24, false)+" WHERE id = 13")
			tomb("support", "tickets", 13)

			if n := e.through(t, alex, "DELETE FROM customers WHERE id = "+e.ph(1), 1); n != 1 {
				t.Errorf("deleting customer 1 affected %d rows, want 1", n)
			}
			tomb("alex", "customers", 1)
			tomb("alex", "tickets", 11, 12)
			check("customer 1 deleted")

			if err := lifecycle.Restore(ctx, e.enf, e.dialect, customers, lifecycle.Key{"id": 1}); err != nil {
				t.Fatal(err)
			}
			back("maya", "customers", 1)
			back("maya", "tickets", 11, 12)
			check("customer 1 restored")

			// Two customers in one DELETE of another shape.
			multi := map[string]string{
				"postgres": "WITH due AS (SELECT customer_id FROM tickets WHERE subject = 'open' AND customer_id > 1) DELETE FROM customers c USING due WHERE due.customer_id = c.id",
				"mysql":    "DELETE c FROM customers c JOIN (SELECT 2 AS id UNION SELECT 3) due ON due.id = c.id",
				"sqlite":   "WITH due AS (SELECT customer_id FROM tickets WHERE subject = 'open' AND customer_id > 1) DELETE FROM customers WHERE id IN (SELECT customer_id FROM due)",
			}[e.dialect]
			if e.dialect == "mysql" {
				// MySQL cannot change a table a trigger's statement reads: a
				// DELETE of customers that reads tickets fails, whole.
				q := "DELETE c FROM customers c JOIN tickets t ON t.customer_id = c.id WHERE t.subject = 'open' AND c.id > 1"
				if _, err := e.enf.ExecContext(alex, q); err == nil || !strings.Contains(err.Error(), "1442") {
					t.Errorf("%s: err = %v, want MySQL's error 1442", q, err)
				}
				check("a DELETE reading the child table failed")
			}
			if n := e.through(t, alex, multi); n != 2 {
				t.Errorf("%s affected %d rows, want 2", multi, n)
			}
			tomb("alex", "customers", 2, 3)
			tomb("alex", "tickets", 21, 31)
			check("customers 2 and 3 deleted")

			// Restoring customer 3 with application SQL brings back its
			// ticket, not customer 2's.
			if n := e.through(t, tombstone.OnlyDeleted(ctx, "customers"), "UPDATE customers SET deleted_at = NULL WHERE id = "+e.ph(1), 3); n != 1 {
				t.Errorf("restore UPDATE affected %d rows, want 1", n)
			}
			back("maya", "customers", 3)
			back("maya", "tickets", 31)
			check("customer 3 restored by SQL")

			// Ticket 11 goes with customer 1, is restored on its own, then
			// deleted on its own: it no longer belongs to the cascade.
			e.through(t, alex, "DELETE FROM customers WHERE id = 1")
			tomb("alex", "customers", 1)
			tomb("alex", "tickets", 11, 12)
			if err := lifecycle.Restore(ctx, e.enf, e.dialect, tickets, lifecycle.Key{"id": 11}); err != nil {
				t.Fatal(err)
			}
			back("maya", "tickets", 11)
			e.through(t, tombstone.WithActor(context.Background(), "support", ""), "DELETE FROM tickets WHERE id = 11")
			tomb("support", "tickets", 11)
			if code, _, errOut := e.cli("--table", "customers", "--key", "id=1", "--actor", "sam", "--role", "manager"); code != 0 {
				t.Fatalf("CLI restore: exit %d: %s", code, errOut)
			}
			back("sam", "customers", 1)
			back("sam", "tickets", 12)
			check("customer 1 restored by the CLI")

			// Customer 3 deleted 20 days ago: inside its 30 days, but its
			// ticket's 14 have ended, so the ticket stays deleted.
			e.through(t, alex, "DELETE FROM customers WHERE id = 3")
			tomb("alex", "customers", 3)
			tomb("alex", "tickets", 31)
			e.exec(t, "UPDATE customers SET deleted_at = "+e.ago(20*24, false)+" WHERE id = 3",
				"UPDATE tickets SET deleted_at = "+e.ago(20*24, false)+" WHERE id = 31")
			if err := lifecycle.Restore(ctx, e.enf, e.dialect, customers, lifecycle.Key{"id": 3}); err != nil {
				t.Fatal(err)
			}
			back("maya", "customers", 3)
			check("customer 3 restored past its ticket's window")

			// Live rows carry no cascade mark; ticket 21 still carries
			// customer 2's.
			var marked []string
			rows, err := e.plain.Query("SELECT id, " + policy.CascadeColumn + " FROM tickets WHERE " + policy.CascadeColumn + " IS NOT NULL ORDER BY id")
			if err != nil {
				t.Fatal(err)
			}
			for rows.Next() {
				var id int
				var by string
				if err := rows.Scan(&id, &by); err != nil {
					t.Fatal(err)
				}
				marked = append(marked, fmt.Sprint(id, " ", by))
			}
			rows.Close()
			if diff := cmp.Diff([]string{"21 customers", "31 customers"}, marked); diff != "" {
				t.Errorf("cascade marks (-want +got):\n%s", diff)
			}

			sort.Strings(audit)
			if diff := cmp.Diff(audit, e.audit(t)); diff != "" {
				t.Errorf("audit trail (-want +got):\n%s", diff)
			}
		})
	}
}

// TestRestoreWithoutActor: with audit.require_actor, deletes need an actor
// and restores do not; a restore without one is recorded all the same.
func TestRestoreWithoutActor(t *testing.T) {
	text := strings.Replace(restorePolicy, "audit: {table: tombstone_audit}", "audit: {table: tombstone_audit, require_actor: true}", 1)
	for _, e := range databasesWith(t, text) {
		t.Run(e.dialect, func(t *testing.T) {
			e.exec(t, "INSERT INTO customers (id, name) VALUES (1, 'a')")
			manager := tombstone.WithRole(context.Background(), "manager")
			if _, err := e.enf.ExecContext(manager, "DELETE FROM customers"); !errors.Is(err, tombstone.ErrNoActor) {
				t.Fatalf("delete without an actor: err = %v, want ErrNoActor", err)
			}
			e.through(t, tombstone.WithActor(manager, "alex", ""), "DELETE FROM customers")
			if n := e.through(t, tombstone.OnlyDeleted(manager, "customers"), "UPDATE customers SET deleted_at = NULL"); n != 1 {
				t.Fatalf("restored %d rows, want 1", n)
			}
			want := []string{`alex|tombstone|customers|{"id":1}`, `|restore|customers|{"id":1}`}
			if diff := cmp.Diff(want, e.audit(t)); diff != "" {
				t.Errorf("audit trail (-want +got):\n%s", diff)
			}
		})
	}
}
