package lifecycle

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
	_ "modernc.org/sqlite" // the "sqlite" driver

	"github.com/tombstone-sql/tombstone"
	"github.com/tombstone-sql/tombstone/internal/testdb"
	"github.com/tombstone-sql/tombstone/policy"
	"github.com/tombstone-sql/tombstone/schema"
)

// The test policy: every timed rule the job carries out, and one of each
// that it must leave alone (a window that keeps, a retention that keeps).
const testPolicy = `version: 1
audit: {table: tombstone_audit}
tables:
  customers:
    delete: soft
    column: deleted_at
    restore_window: 30d
    after_window: anonymize
    personal: [name, email, phone]
    anonymize_with: {name: (anonymized), email: "anon-{id}@example.invalid"}
  tickets:
    delete: soft
    column: deleted_at
    restore_window: 14d
    after_window: purge
  events:
    delete: soft
    column: deleted_at
    marker: unix
    restore_window: 1d
    after_window: purge
  drafts:
    delete: soft
    column: deleted_at
    restore_window: 7d
  leads:
    delete: hard
    expire_after: 90d
  invoices:
    delete: retain
    retention: 1y
    after_retention: purge
  notes:
    delete: retain
    retention: 1y
    after_retention: anonymize
    personal: [body]
  contracts:
    delete: retain
    retention: 1y
`

// A row of the test database as the test generates it: its key, its age
// and, for soft tables, how long ago it was deleted (0: live).
type row struct {
	table     string
	id        int
	ageHours  int // created this many hours ago
	goneHours int // tombstoned this many hours ago; 0 is live
}

// ages never come within a day of a cutoff, so the database's clock and
// the test's arithmetic cannot disagree.
var ages = []int{0, 2 * 24, 10 * 24, 20 * 24, 45 * 24, 120 * 24, 400 * 24}

// generate returns n rows per table, ages and deletions cycling through
// ages so that every rule meets rows on both sides of its cutoff.
func generate(n int) []row {
	var out []row
	for _, tb := range []string{"customers", "tickets", "events", "drafts", "leads", "invoices", "notes", "contracts"} {
		soft := tb == "customers" || tb == "tickets" || tb == "events" || tb == "drafts"
		for i := 1; i <= n; i++ {
			r := row{table: tb, id: i, ageHours: ages[(i*3)%len(ages)] + 24}
			if soft {
				r.goneHours = ages[i%len(ages)]
				if r.goneHours > r.ageHours {
					r.ageHours = r.goneHours + 24
				}
			}
			out = append(out, r)
		}
	}
	return out
}

// server is one database under test.
type server struct {
	name    string
	enforce func(t *testing.T) *sql.DB // a new pool through tombstone
	plain   *sql.DB
	p       *policy.Policy
}

func servers(t *testing.T) []*server {
	t.Helper()
	p, err := policy.Parse("test.yaml", []byte(testPolicy))
	if err != nil {
		t.Fatal(err)
	}
	var out []*server
	{
		dsn, _ := testdb.PostgresSchema(t)
		out = append(out, newServer(t, "postgres", "pgx", dsn, p))
	}
	{
		dsn, _ := testdb.MySQLDatabase(t, "parseTime=true")
		out = append(out, newServer(t, "mysql", "mysql", dsn, p))
	}
	{
		dsn := "file:" + filepath.Join(t.TempDir(), "t.db") + "?_pragma=busy_timeout(10000)"
		out = append(out, newServer(t, "sqlite", "sqlite", dsn, p))
	}
	return out
}

func newServer(t *testing.T, dialect, driverName, dsn string, p *policy.Policy) *server {
	plain, err := sql.Open(driverName, dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { plain.Close() })
	return &server{name: dialect, plain: plain, p: p, enforce: func(t *testing.T) *sql.DB {
		db, err := tombstone.OpenDB(driverName, dsn, p, tombstone.WithDialect(dialect), tombstone.WithLogger(slog.New(slog.DiscardHandler)))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		return db
	}}
}

// ago is the database's time hours ago, as a timestamp or in seconds.
func (s *server) ago(hours int, unix bool) string {
	switch {
	case unix && s.name == "postgres":
		return fmt.Sprintf("extract(epoch FROM now())::bigint - %d", hours*3600)
	case unix && s.name == "mysql":
		return fmt.Sprintf("UNIX_TIMESTAMP() - %d", hours*3600)
	case unix:
		return fmt.Sprintf("CAST(strftime('%%s','now') AS INTEGER) - %d", hours*3600)
	case s.name == "postgres":
		return fmt.Sprintf("now() - interval '%d hours'", hours)
	case s.name == "mysql":
		return fmt.Sprintf("NOW(6) - INTERVAL %d HOUR", hours)
	}
	return fmt.Sprintf("strftime('%%Y-%%m-%%d %%H:%%M:%%S', 'now', '-%d hours')", hours)
}

// load creates the tables, applies tombstone migrate's DDL and inserts rows.
func (s *server) load(t *testing.T, rows []row) {
	t.Helper()
	ts, text := map[string]string{"postgres": "timestamptz", "mysql": "DATETIME(6)", "sqlite": "TEXT"}[s.name], map[string]string{"postgres": "text", "mysql": "VARCHAR(255)", "sqlite": "TEXT"}[s.name]
	ddl := []string{
		"CREATE TABLE customers (id INT PRIMARY KEY, name " + text + " NOT NULL, email " + text + " NOT NULL, phone " + text + ", created_at " + ts + " NOT NULL)",
		"CREATE TABLE tickets (id INT PRIMARY KEY, subject " + text + " NOT NULL, created_at " + ts + " NOT NULL)",
		"CREATE TABLE events (id INT PRIMARY KEY, kind " + text + " NOT NULL, created_at " + ts + " NOT NULL)",
		"CREATE TABLE drafts (id INT PRIMARY KEY, body " + text + ", created_at " + ts + " NOT NULL)",
		"CREATE TABLE leads (id INT PRIMARY KEY, email " + text + " NOT NULL, created_at " + ts + " NOT NULL)",
		"CREATE TABLE invoices (id INT PRIMARY KEY, amount INT NOT NULL, created_at " + ts + " NOT NULL)",
		"CREATE TABLE notes (id INT PRIMARY KEY, body " + text + ", created_at " + ts + " NOT NULL)",
		"CREATE TABLE contracts (id INT PRIMARY KEY, body " + text + ", created_at " + ts + " NOT NULL)",
	}
	for _, q := range ddl {
		if _, err := s.plain.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	mig, err := schema.Migrate(s.p, s.name)
	if err != nil {
		t.Fatal(err)
	}
	for _, st := range mig {
		if _, err := s.plain.Exec(st.SQL); err != nil {
			t.Fatalf("%s: %v", st.SQL, err)
		}
	}
	byTable := map[string][]string{}
	var order []string
	for _, r := range rows {
		if byTable[r.table] == nil {
			order = append(order, r.table)
		}
		created := s.ago(r.ageHours, false)
		var v string
		switch r.table {
		case "customers":
			v = fmt.Sprintf("(%d, 'name %d', 'c%d@example.com', '+1-555-%04d', %s, %s)", r.id, r.id, r.id, r.id, created, s.gone(r, false))
		case "tickets":
			v = fmt.Sprintf("(%d, 'subject %d', %s, %s)", r.id, r.id, created, s.gone(r, false))
		case "events":
			v = fmt.Sprintf("(%d, 'kind %d', %s, %s)", r.id, r.id, created, s.gone(r, true))
		case "drafts":
			v = fmt.Sprintf("(%d, 'draft %d', %s, %s)", r.id, r.id, created, s.gone(r, false))
		case "leads":
			v = fmt.Sprintf("(%d, 'l%d@example.com', %s)", r.id, r.id, created)
		case "invoices":
			v = fmt.Sprintf("(%d, %d, %s)", r.id, r.id*10, created)
		case "notes", "contracts":
			v = fmt.Sprintf("(%d, 'note %d', %s)", r.id, r.id, created)
		}
		byTable[r.table] = append(byTable[r.table], v)
	}
	cols := map[string]string{
		"customers": "id, name, email, phone, created_at, deleted_at", "tickets": "id, subject, created_at, deleted_at",
		"events": "id, kind, created_at, deleted_at", "drafts": "id, body, created_at, deleted_at",
		"leads": "id, email, created_at", "invoices": "id, amount, created_at", "notes": "id, body, created_at", "contracts": "id, body, created_at",
	}
	for _, tb := range order {
		vals := byTable[tb]
		for len(vals) > 0 {
			n := min(len(vals), 500)
			q := "INSERT INTO " + tb + " (" + cols[tb] + ") VALUES " + strings.Join(vals[:n], ", ")
			if _, err := s.plain.Exec(q); err != nil {
				t.Fatalf("insert into %s: %v", tb, err)
			}
			vals = vals[n:]
		}
	}
}

func (s *server) gone(r row, unix bool) string {
	if r.goneHours == 0 {
		if unix {
			return "0"
		}
		return "NULL"
	}
	return s.ago(r.goneHours, unix)
}

// expected computes, from the generated rows alone, each table's rows
// after one complete run: the policy applied by hand.
func expected(rows []row) (map[string][]string, map[string][]string) {
	tables := map[string][]string{}
	audit := map[string][]string{}
	for _, r := range rows {
		deleted := r.goneHours > 0
		name, email, phone := fmt.Sprintf("name %d", r.id), fmt.Sprintf("c%d@example.com", r.id), fmt.Sprintf("+1-555-%04d", r.id)
		action := ""
		switch r.table {
		case "customers":
			if deleted && r.goneHours > 30*24 {
				name, email, phone, action = "(anonymized)", fmt.Sprintf("anon-%d@example.invalid", r.id), "NULL", "anonymize"
			}
			tables[r.table] = append(tables[r.table], fmt.Sprintf("%d|%s|%s|%s|%v", r.id, name, email, phone, deleted))
		case "tickets", "events", "drafts":
			window := map[string]int{"tickets": 14 * 24, "events": 24, "drafts": 0}[r.table]
			if deleted && window > 0 && r.goneHours > window {
				action = "purge"
			} else {
				tables[r.table] = append(tables[r.table], fmt.Sprintf("%d|%v", r.id, deleted))
			}
		case "leads":
			if r.ageHours > 90*24 {
				action = "expire"
			} else {
				tables[r.table] = append(tables[r.table], fmt.Sprint(r.id))
			}
		case "invoices":
			if r.ageHours > 365*24 {
				action = "expire"
			} else {
				tables[r.table] = append(tables[r.table], fmt.Sprint(r.id))
			}
		case "notes":
			body := fmt.Sprintf("note %d", r.id)
			if r.ageHours > 365*24 {
				body, action = "NULL", "anonymize"
			}
			tables[r.table] = append(tables[r.table], fmt.Sprintf("%d|%s", r.id, body))
		case "contracts":
			tables[r.table] = append(tables[r.table], fmt.Sprintf("%d|note %d", r.id, r.id))
		}
		if action != "" {
			audit[r.table] = append(audit[r.table], fmt.Sprintf("%s %d", action, r.id))
		}
	}
	for _, m := range []map[string][]string{tables, audit} {
		for k := range m {
			sort.Strings(m[k])
		}
	}
	return tables, audit
}

// state reads every test table whole, and the job's audit rows.
func (s *server) state(t *testing.T) (map[string][]string, map[string][]string) {
	t.Helper()
	queries := map[string]string{
		"customers": "SELECT id, name, email, coalesce(phone, 'NULL'), deleted_at IS NOT NULL FROM customers",
		"tickets":   "SELECT id, deleted_at IS NOT NULL FROM tickets",
		"events":    "SELECT id, deleted_at <> 0 FROM events",
		"drafts":    "SELECT id, deleted_at IS NOT NULL FROM drafts",
		"leads":     "SELECT id FROM leads",
		"invoices":  "SELECT id FROM invoices",
		"notes":     "SELECT id, coalesce(body, 'NULL') FROM notes",
		"contracts": "SELECT id, coalesce(body, 'NULL') FROM contracts",
	}
	tables := map[string][]string{}
	for tb, q := range queries {
		rows, err := s.plain.Query(q)
		if err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		for rows.Next() {
			var id int
			var rest []any
			cols, _ := rows.Columns()
			vals := make([]sql.NullString, len(cols)-1)
			rest = append(rest, &id)
			for i := range vals {
				rest = append(rest, &vals[i])
			}
			if err := rows.Scan(rest...); err != nil {
				t.Fatal(err)
			}
			parts := []string{fmt.Sprint(id)}
			for _, v := range vals {
				parts = append(parts, boolText(v.String))
			}
			tables[tb] = append(tables[tb], strings.Join(parts, "|"))
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
		rows.Close()
		sort.Strings(tables[tb])
	}
	audit := map[string][]string{}
	rows, err := s.plain.Query("SELECT action, table_name, row_key, coalesce(actor, '') FROM tombstone_audit WHERE action IN ('purge', 'anonymize', 'expire')")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var action, table, key, actor string
		if err := rows.Scan(&action, &table, &key, &actor); err != nil {
			t.Fatal(err)
		}
		if actor == "" {
			t.Errorf("audit row %s %s %s has no actor", action, table, key)
		}
		id := strings.Trim(strings.TrimPrefix(strings.ReplaceAll(key, " ", ""), `{"id":`), "}\"")
		audit[table] = append(audit[table], action+" "+id)
	}
	for k := range audit {
		sort.Strings(audit[k])
	}
	return tables, audit
}

// boolText reads the ways the drivers return a boolean.
func boolText(s string) string {
	switch s {
	case "t", "1", "true":
		return "true"
	case "f", "0", "false":
		return "false"
	}
	return s
}

func empty(m map[string][]string) map[string][]string {
	for k, v := range m {
		if len(v) == 0 {
			delete(m, k)
		}
	}
	return m
}

// TestExpireDifferential runs expire once on each server and compares
// every table whole, and the audit trail, with what the policy says,
// computed from the generated rows alone.
func TestExpireDifferential(t *testing.T) {
	rows := generate(300)
	wantTables, wantAudit := expected(rows)
	for _, s := range servers(t) {
		t.Run(s.name, func(t *testing.T) {
			s.load(t, rows)
			db := s.enforce(t)
			rep, err := Expire(context.Background(), db, s.p, s.name, WithBatch(37))
			if err != nil {
				t.Fatal(err)
			}
			gotTables, gotAudit := s.state(t)
			if diff := cmp.Diff(wantTables, gotTables); diff != "" {
				t.Errorf("tables after expire (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(empty(wantAudit), empty(gotAudit)); diff != "" {
				t.Errorf("audit rows (-want +got):\n%s", diff)
			}
			got := map[string]int64{}
			for _, st := range rep.Steps {
				got[st.Table+" "+string(st.Action)] = st.Rows
			}
			want := map[string]int64{}
			for tb, a := range wantAudit {
				want[tb+" "+strings.Fields(a[0])[0]] = int64(len(a))
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("report rows (-want +got):\n%s", diff)
			}
			// A second run finds nothing left to do.
			rep, err = Expire(context.Background(), db, s.p, s.name)
			if err != nil {
				t.Fatal(err)
			}
			for _, st := range rep.Steps {
				if st.Rows != 0 {
					t.Errorf("second run: %s %s changed %d rows", st.Action, st.Table, st.Rows)
				}
			}
			if _, again := s.state(t); !cmp.Equal(gotAudit, again) {
				t.Errorf("second run wrote audit rows")
			}
		})
	}
}

// TestExpireDryRun checks that a dry run counts exactly what a run
// changes, and changes nothing.
func TestExpireDryRun(t *testing.T) {
	rows := generate(60)
	_, wantAudit := expected(rows)
	for _, s := range servers(t) {
		t.Run(s.name, func(t *testing.T) {
			s.load(t, rows)
			beforeTables, beforeAudit := s.state(t)
			rep, err := Expire(context.Background(), s.enforce(t), s.p, s.name, WithDryRun())
			if err != nil {
				t.Fatal(err)
			}
			afterTables, afterAudit := s.state(t)
			if diff := cmp.Diff(beforeTables, afterTables); diff != "" {
				t.Errorf("a dry run changed tables (-before +after):\n%s", diff)
			}
			if diff := cmp.Diff(beforeAudit, afterAudit); diff != "" {
				t.Errorf("a dry run wrote audit rows (-before +after):\n%s", diff)
			}
			got := map[string]int64{}
			for _, st := range rep.Steps {
				got[st.Table] = st.Rows
			}
			want := map[string]int64{"tickets": 0, "events": 0, "customers": 0, "leads": 0, "invoices": 0, "notes": 0}
			for tb, a := range wantAudit {
				want[tb] = int64(len(a))
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("dry-run counts (-want +got):\n%s", diff)
			}
		})
	}
}

// TestExpireBatchAtomic fails the second batch of each step after its
// change: that batch is rolled back whole, rows and audit rows alike, and
// the first stays committed.
func TestExpireBatchAtomic(t *testing.T) {
	rows := generate(60)
	wantTables, wantAudit := expected(rows)
	injected := errors.New("injected failure")
	for _, s := range servers(t) {
		t.Run(s.name, func(t *testing.T) {
			s.load(t, rows)
			db := s.enforce(t)
			for _, tb := range []string{"customers", "tickets", "leads", "invoices", "notes", "events"} {
				beforeTables, beforeAudit := s.state(t)
				afterChange = func(table string, _ Action, batch int) error {
					if batch == 2 {
						return injected
					}
					return nil
				}
				_, err := Expire(context.Background(), db, s.p, s.name, WithBatch(3), WithTables(tb))
				afterChange = nil
				if !errors.Is(err, injected) {
					t.Fatalf("%s: err = %v, want the injected failure", tb, err)
				}
				gotTables, gotAudit := s.state(t)
				// Exactly the first three due rows, in key order, changed.
				first := append([]string(nil), wantAudit[tb]...)
				sort.Slice(first, func(i, j int) bool { return idOf(first[i]) < idOf(first[j]) })
				first = first[:3]
				if diff := cmp.Diff(sorted(append(append([]string(nil), beforeAudit[tb]...), first...)), sorted(gotAudit[tb])); diff != "" {
					t.Errorf("%s: audit rows after a failed second batch (-want +got):\n%s", tb, diff)
				}
				changed := 0
				for i, r := range gotTables[tb] {
					if i >= len(beforeTables[tb]) || r != beforeTables[tb][i] {
						changed++
					}
				}
				if tb == "customers" || tb == "notes" {
					if changed != 3 {
						t.Errorf("%s: %d rows changed, want 3", tb, changed)
					}
				} else if len(beforeTables[tb])-len(gotTables[tb]) != 3 {
					t.Errorf("%s: %d rows deleted, want 3", tb, len(beforeTables[tb])-len(gotTables[tb]))
				}
			}
			// The rest completes normally, to the policy's end state.
			if _, err := Expire(context.Background(), db, s.p, s.name); err != nil {
				t.Fatal(err)
			}
			gotTables, gotAudit := s.state(t)
			if diff := cmp.Diff(wantTables, gotTables); diff != "" {
				t.Errorf("tables (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(empty(wantAudit), empty(gotAudit)); diff != "" {
				t.Errorf("audit rows (-want +got):\n%s", diff)
			}
		})
	}
}

func idOf(s string) int {
	var a string
	var id int
	fmt.Sscanf(s, "%s %d", &a, &id)
	return id
}

func sorted(s []string) []string {
	out := append([]string(nil), s...)
	sort.Strings(out)
	return out
}

// TestExpireConcurrent runs four runners, each with its own pool as four
// application instances would, over thousands of due rows: each row is
// changed, and audited, exactly once.
func TestExpireConcurrent(t *testing.T) {
	rows := generate(1500)
	wantTables, wantAudit := expected(rows)
	for _, s := range servers(t) {
		t.Run(s.name, func(t *testing.T) {
			s.load(t, rows)
			const runners = 4
			reports := make([]*Report, runners)
			errs := make([]error, runners)
			var wg sync.WaitGroup
			for i := range runners {
				db := s.enforce(t)
				wg.Add(1)
				go func() {
					defer wg.Done()
					reports[i], errs[i] = Expire(context.Background(), db, s.p, s.name, WithBatch(50), WithActor(fmt.Sprintf("runner %d", i)))
				}()
			}
			wg.Wait()
			total := map[string]int64{}
			skipped := 0
			for i := range runners {
				if errs[i] != nil {
					t.Fatalf("runner %d: %v", i, errs[i])
				}
				for _, st := range reports[i].Steps {
					total[st.Table] += st.Rows
					if st.Skipped != "" {
						skipped++
					}
				}
			}
			t.Logf("%s: %d steps skipped on a held lock", s.name, skipped)
			want := map[string]int64{"drafts": 0}
			for tb, a := range wantAudit {
				want[tb] = int64(len(a))
			}
			total["drafts"] = 0
			if diff := cmp.Diff(want, total); diff != "" {
				t.Errorf("rows reported over all runners (-want +got):\n%s", diff)
			}
			gotTables, gotAudit := s.state(t)
			if diff := cmp.Diff(wantTables, gotTables); diff != "" {
				t.Errorf("tables (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(empty(wantAudit), empty(gotAudit)); diff != "" {
				t.Errorf("audit rows: each affected row once (-want +got):\n%s", diff)
			}
		})
	}
}
