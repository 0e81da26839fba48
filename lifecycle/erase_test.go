package lifecycle_test

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/tombstone-sql/tombstone"
	"github.com/tombstone-sql/tombstone/examples/store"
	"github.com/tombstone-sql/tombstone/internal/testdb"
	"github.com/tombstone-sql/tombstone/lifecycle"
	"github.com/tombstone-sql/tombstone/policy"
	"github.com/tombstone-sql/tombstone/schema"
)

var update = flag.Bool("update", false, "rewrite the golden receipts in testdata/")

// The store's tables, parents first, and the audit table.
var storeTables = []string{"customers", "invoices", "support_tickets", "leads"}

// storeDBs builds the store of examples/store on each server: its schema,
// tombstone migrate's DDL for its policy, its seed rows and the extra rows
// of the test (more of Maya's rows, one of them a tombstone, and a deleted
// customer who has nothing to do with her).
func storeDBs(t *testing.T, extra func(e *db) []string) []*db {
	t.Helper()
	text := store.Policy
	p, err := policy.Parse("examples/store/tombstone.yaml", text)
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "tombstone.yaml")
	if err := os.WriteFile(file, text, 0o644); err != nil {
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
		ddl, err := store.Schema(d.dialect)
		if err != nil {
			t.Fatal(err)
		}
		e.exec(t, ddl...)
		mig, err := schema.Migrate(p, d.dialect)
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range mig {
			e.exec(t, s.SQL)
		}
		e.exec(t, store.Seed()...)
		if extra != nil {
			e.exec(t, extra(e)...)
		}
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

// moreRows are the test's rows beyond the store's seed: a second invoice
// and a deleted ticket of Maya's (customer 1), and Ana (4), deleted two
// days ago, with an invoice.
func moreRows(e *db) []string {
	return []string{
		"INSERT INTO customers (id, name, email, phone, created_at, deleted_at) VALUES (4, 'Ana', 'ana@example.com', '+1-555-0144', '2026-06-01 10:00:00', " + e.ago(48, false) + ")",
		"INSERT INTO invoices (id, customer_id, amount, billing_name, created_at) VALUES (103, 1, 12.00, 'M. Example', '2026-06-02 10:05:00'), (104, 4, 30.00, 'Ana Example', '2026-06-03 10:05:00')",
		"INSERT INTO support_tickets (id, customer_id, subject, created_at, deleted_at) VALUES (203, 1, 'Refund for the shade', '2026-03-06 08:15:00', " + e.ago(24, false) + ")",
	}
}

// dump is every row of the store's tables and of the audit trail, read
// without tombstone: the test's backup.
type dump map[string]*tableRows

type tableRows struct {
	cols []string
	rows [][]any
}

func (e *db) dump(t *testing.T) dump {
	t.Helper()
	out := dump{}
	for _, tb := range append(append([]string(nil), storeTables...), "tombstone_audit") {
		rows, err := e.plain.Query("SELECT * FROM " + tb + " ORDER BY id")
		if err != nil {
			t.Fatal(err)
		}
		cols, err := rows.Columns()
		if err != nil {
			t.Fatal(err)
		}
		tr := &tableRows{cols: cols}
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			tr.rows = append(tr.rows, vals)
		}
		if err := rows.Close(); err != nil {
			t.Fatal(err)
		}
		out[tb] = tr
	}
	return out
}

// restore puts a dump back, as restoring a backup does: every row as it
// was, the audit trail too.
func (e *db) restore(t *testing.T, d dump) {
	t.Helper()
	for i := len(storeTables) - 1; i >= 0; i-- {
		e.exec(t, "DELETE FROM "+storeTables[i])
	}
	e.exec(t, "DELETE FROM tombstone_audit")
	for _, tb := range append(append([]string(nil), storeTables...), "tombstone_audit") {
		tr := d[tb]
		ph := make([]string, len(tr.cols))
		for i := range ph {
			ph[i] = e.ph(i + 1)
		}
		q := "INSERT INTO " + tb + " (" + strings.Join(tr.cols, ", ") + ") VALUES (" + strings.Join(ph, ", ") + ")"
		for _, r := range tr.rows {
			if _, err := e.plain.Exec(q, r...); err != nil {
				t.Fatalf("%s: %s: %v", e.dialect, q, err)
			}
		}
	}
}

// table is a store table as cells: one map per row, column → text.
type table []map[string]string

// cells renders the store's tables of a dump (not the audit trail).
func (d dump) cells() map[string]table {
	out := map[string]table{}
	for _, tb := range storeTables {
		tr := d[tb]
		rows := table{}
		for _, r := range tr.rows {
			m := map[string]string{}
			for i, c := range tr.cols {
				m[c] = cell(r[i])
			}
			rows = append(rows, m)
		}
		out[tb] = rows
	}
	return out
}

func cell(v any) string {
	switch x := v.(type) {
	case nil:
		return "NULL"
	case []byte:
		return string(x)
	case time.Time:
		return x.UTC().Format(time.RFC3339Nano)
	}
	return fmt.Sprint(v)
}

// anyTime stands in the expected tables for a tombstone column the
// erasure sets now: any time, not NULL.
const anyTime = "(set)"

// eraseByHand applies the store policy's erasure of customer id to the
// tables before it, by hand: Maya's customer row anonymized with the
// policy's values and a tombstone, her invoices kept with billing_name
// anonymized, her tickets gone, everyone else's rows as they were.
func eraseByHand(before map[string]table, id string) (map[string]table, []string) {
	out := map[string]table{}
	var audit []string
	for _, tb := range storeTables {
		rows := table{}
		for _, r := range before[tb] {
			m := map[string]string{}
			for k, v := range r {
				m[k] = v
			}
			mine := tb == "customers" && r["id"] == id || (tb == "invoices" || tb == "support_tickets") && r["customer_id"] == id
			switch {
			case !mine:
			case tb == "customers":
				m["name"], m["email"], m["phone"] = "(anonymized)", "anonymized-"+id+"@example.invalid", "NULL"
				if m["deleted_at"] == "NULL" {
					m["deleted_at"] = anyTime
				}
			case tb == "invoices":
				m["billing_name"] = "(anonymized)"
			case tb == "support_tickets":
				m = nil
			}
			if mine {
				audit = append(audit, "privacy-desk|request 2026-118|erase|"+tb+`|{"id":`+r["id"]+"}")
			}
			if m != nil {
				rows = append(rows, m)
			}
		}
		out[tb] = rows
	}
	sort.Strings(audit)
	return out, audit
}

// settle replaces, in got, each value want expects as anyTime and got has
// (not NULL) with anyTime.
func settle(want, got map[string]table) {
	for tb, rows := range want {
		for i, r := range rows {
			if i >= len(got[tb]) {
				break
			}
			for c, v := range r {
				if v == anyTime && got[tb][i][c] != "NULL" {
					got[tb][i][c] = anyTime
				}
			}
		}
	}
}

// trail is the audit trail past the first n rows, actor|reason|action|
// table|key, sorted.
func (e *db) trail(t *testing.T, n int) []string {
	t.Helper()
	rows, err := e.plain.Query("SELECT COALESCE(actor, ''), COALESCE(reason, ''), action, table_name, COALESCE(row_key, '') FROM tombstone_audit ORDER BY id")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for i := 0; rows.Next(); i++ {
		var a, r, act, tb, k string
		if err := rows.Scan(&a, &r, &act, &tb, &k); err != nil {
			t.Fatal(err)
		}
		if i < n {
			continue
		}
		var m map[string]any
		if err := json.Unmarshal([]byte(k), &m); err != nil {
			t.Fatalf("row key %q: %v", k, err)
		}
		key, _ := json.Marshal(m)
		out = append(out, a+"|"+r+"|"+act+"|"+tb+"|"+string(key))
	}
	sort.Strings(out)
	return out
}

func privacy() []lifecycle.Option {
	return []lifecycle.Option{lifecycle.WithRole("privacy"), lifecycle.WithActor("privacy-desk"), lifecycle.WithReason("request 2026-118")}
}

var maya = lifecycle.Subject{Kind: "customer", ID: "1"}

// TestEraseMaya erases Maya from the store on each server and compares
// every table, and the audit trail, with the erasure done by hand; then a
// failure on the last table, a second erasure, restores of her row by
// every door, forged erase rows, and a replay after restoring the backup.
func TestEraseMaya(t *testing.T) {
	for _, e := range storeDBs(t, moreRows) {
		t.Run(e.dialect, func(t *testing.T) {
			ctx := context.Background()
			backup := e.dump(t)
			before := backup.cells()
			trailBefore := len(backup["tombstone_audit"].rows)
			want, wantTrail := eraseByHand(before, maya.ID)
			if len(wantTrail) != 5 {
				t.Fatalf("the test data holds %d rows of Maya's, want 5", len(wantTrail))
			}
			state := func() map[string]table {
				got := e.dump(t).cells()
				settle(want, got)
				return got
			}

			// A failure on the last table rolls every table back.
			reset := lifecycle.SetEraseHook(func(table string) error {
				if table == "support_tickets" {
					return errors.New("injected failure")
				}
				return nil
			})
			_, err := lifecycle.Erase(ctx, e.enf, e.p, e.dialect, maya, privacy()...)
			reset()
			if err == nil || !strings.Contains(err.Error(), "injected failure") {
				t.Fatalf("erase with a failing last table: %v", err)
			}
			if diff := cmp.Diff(before, state()); diff != "" {
				t.Fatalf("a failed erasure changed the tables (-before +after):\n%s", diff)
			}
			if got := e.trail(t, trailBefore); len(got) != 0 {
				t.Fatalf("a failed erasure left audit rows: %v", got)
			}

			// A dry run counts and changes nothing.
			dry, err := lifecycle.Erase(ctx, e.enf, e.p, e.dialect, maya, append(privacy(), lifecycle.WithDryRun())...)
			if err != nil {
				t.Fatal(err)
			}
			if got := rowsOf(dry); !cmp.Equal(got, []int64{1, 2, 2}) {
				t.Errorf("dry run counts %v, want [1 2 2]", got)
			}
			if diff := cmp.Diff(before, state()); diff != "" {
				t.Fatalf("a dry run changed the tables (-before +after):\n%s", diff)
			}

			log := filepath.Join(t.TempDir(), "erasures.log")
			rec, err := lifecycle.Erase(ctx, e.enf, e.p, e.dialect, maya, append(privacy(), lifecycle.WithLog(log))...)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(want, state()); diff != "" {
				t.Errorf("tables after the erasure (-by hand +erase):\n%s", diff)
			}
			if diff := cmp.Diff(wantTrail, e.trail(t, trailBefore)); diff != "" {
				t.Errorf("audit rows of the erasure (-want +got):\n%s", diff)
			}
			golden(t, "erase-receipt.txt", rec)
			erased := e.dump(t)
			trailErased := len(erased["tombstone_audit"].rows)

			// Again: nothing left to erase, nothing changes.
			again, err := lifecycle.Erase(ctx, e.enf, e.p, e.dialect, maya, privacy()...)
			if err != nil {
				t.Fatal(err)
			}
			if got := rowsOf(again); !cmp.Equal(got, []int64{0, 0, 0}) {
				t.Errorf("a second erasure counts %v, want none", got)
			}
			if diff := cmp.Diff(want, state()); diff != "" {
				t.Errorf("a second erasure changed the tables (-want +got):\n%s", diff)
			}
			if got := e.trail(t, trailErased); len(got) != 0 {
				t.Errorf("a second erasure wrote audit rows: %v", got)
			}

			// Her row cannot be restored by any door.
			err = lifecycle.Restore(manager("mallory"), e.enf, e.dialect, e.p.Table("customers"), lifecycle.Key{"id": 1})
			if !errors.Is(err, lifecycle.ErrErased) {
				t.Errorf("lifecycle.Restore of the erased row: %v, want ErrErased", err)
			}
			if code, _, stderr := e.cliRestore("--table", "customers", "--key", "id=1", "--role", "manager", "--actor", "mallory"); code != 1 || !strings.Contains(stderr, "erased") {
				t.Errorf("tombstone restore of the erased row: exit %d, %s", code, stderr)
			}
			_, err = e.enf.ExecContext(tombstone.OnlyDeleted(manager("mallory"), "customers"), "UPDATE customers SET deleted_at = NULL WHERE id = 1")
			if err == nil || !strings.Contains(err.Error(), "erased") {
				t.Errorf("UPDATE restoring the erased row through the driver: %v", err)
			}
			if e.dialect != "sqlite" {
				// The triggers live in the database: even a connection
				// that bypasses tombstone cannot restore her. (SQLite's
				// are per tombstone connection.)
				if _, err := e.plain.Exec("UPDATE customers SET deleted_at = NULL WHERE id = 1"); err == nil || !strings.Contains(err.Error(), "erased") {
					t.Errorf("UPDATE restoring the erased row beneath tombstone: %v", err)
				}
			}
			// Nor can SQL through the driver write erase rows, or tell the
			// triggers an erasure is running.
			for _, q := range forgeries(e.dialect) {
				if _, err := e.enf.ExecContext(manager("mallory"), q); err == nil {
					t.Errorf("sent through the driver: %s", q)
				}
			}
			if diff := cmp.Diff(want, state()); diff != "" {
				t.Errorf("the attempts changed the tables (-want +got):\n%s", diff)
			}
			// The refused restores of the API and the command are in the
			// trail, as restore_refused; nothing else is.
			wantRefused := []string{`mallory|asked|restore_refused|customers|{"id":1}`, `mallory||restore_refused|customers|{"id":1}`}
			sort.Strings(wantRefused)
			if diff := cmp.Diff(wantRefused, e.trail(t, trailErased)); diff != "" {
				t.Errorf("audit rows of the attempts (-want +got):\n%s", diff)
			}

			// Restoring the backup brings Maya back; replaying the log
			// erases her again, and a second replay changes nothing.
			e.restore(t, backup)
			if diff := cmp.Diff(before, e.dump(t).cells()); diff != "" {
				t.Fatalf("the restored backup differs (-backup +restored):\n%s", diff)
			}
			if _, err := lifecycle.Replay(ctx, e.enf, e.p, e.dialect, log, time.Time{}, lifecycle.WithRole("privacy"), lifecycle.WithActor("privacy-desk"), lifecycle.WithReason("request 2026-118")); err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(want, state()); diff != "" {
				t.Errorf("tables after the replay (-by hand +replay):\n%s", diff)
			}
			if diff := cmp.Diff(wantTrail, e.trail(t, trailBefore)); diff != "" {
				t.Errorf("audit rows of the replay (-want +got):\n%s", diff)
			}
			replayed := e.dump(t)
			recs, err := lifecycle.Replay(ctx, e.enf, e.p, e.dialect, log, time.Time{}, lifecycle.WithRole("privacy"), lifecycle.WithActor("privacy-desk"))
			if err != nil || len(recs) != 1 {
				t.Fatalf("second replay: %d receipts, %v", len(recs), err)
			}
			if diff := cmp.Diff(replayed.cells(), e.dump(t).cells()); diff != "" {
				t.Errorf("a second replay changed the tables (-first +second):\n%s", diff)
			}
			if got := len(e.dump(t)["tombstone_audit"].rows); got != len(replayed["tombstone_audit"].rows) {
				t.Errorf("a second replay wrote %d audit rows", got-len(replayed["tombstone_audit"].rows))
			}

			// Ana, deleted two days ago and never erased, can still be
			// restored: the trigger refuses erased rows only.
			if err := lifecycle.Restore(manager("manager"), e.enf, e.dialect, e.p.Table("customers"), lifecycle.Key{"id": 4}); err != nil {
				t.Errorf("restore of a tombstone never erased: %v", err)
			}
		})
	}
}

// TestEraseTombstoned: a customer the application had deleted already is
// anonymized in place, once, and stays a tombstone with its deletion time;
// the privacy role needs no restore permission for it.
func TestEraseTombstoned(t *testing.T) {
	for _, e := range storeDBs(t, func(e *db) []string {
		return append(moreRows(e), "UPDATE customers SET deleted_at = "+e.ago(72, false)+" WHERE id = 1")
	}) {
		t.Run(e.dialect, func(t *testing.T) {
			backup := e.dump(t)
			before := backup.cells()
			want, wantTrail := eraseByHand(before, maya.ID)
			if _, err := lifecycle.Erase(context.Background(), e.enf, e.p, e.dialect, maya, privacy()...); err != nil {
				t.Fatal(err)
			}
			got := e.dump(t).cells()
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("tables after the erasure (-by hand +erase):\n%s", diff)
			}
			if diff := cmp.Diff(wantTrail, e.trail(t, len(backup["tombstone_audit"].rows))); diff != "" {
				t.Errorf("audit rows of the erasure (-want +got):\n%s", diff)
			}
		})
	}
}

// forgeries are statements that would write an erase row or make the
// triggers record one; tombstone refuses each.
func forgeries(dialect string) []string {
	qs := []string{
		`INSERT INTO tombstone_audit (actor, reason, action, table_name, row_key) VALUES ('mallory', 'x', 'erase', 'customers', '{"id": 2}')`,
		`UPDATE tombstone_audit SET action = 'erase' WHERE action = 'tombstone'`,
	}
	switch dialect {
	case "postgres":
		qs = append(qs, "SELECT set_config('tombstone.action', 'erase', false)", "SET tombstone.action = 'erase'")
	case "mysql":
		qs = append(qs, "SET @tombstone_action = 'erase'", "SELECT @tombstone_action := 'erase'")
	default:
		qs = append(qs, "UPDATE temp.tombstone_session SET action = 'erase'")
	}
	return qs
}

func rowsOf(r *lifecycle.Receipt) []int64 {
	var out []int64
	for _, t := range r.Tables {
		out = append(out, t.Rows)
	}
	return out
}

// cliRestore runs tombstone restore against the database.
func (e *db) cliRestore(args ...string) (code int, stdout, stderr string) { return e.cli(args...) }

// golden compares a receipt's text and JSON with testdata/NAME and
// NAME's .json twin; -update rewrites them.
func golden(t *testing.T, name string, rec *lifecycle.Receipt) {
	t.Helper()
	var text bytes.Buffer
	if err := rec.WriteText(&text); err != nil {
		t.Fatal(err)
	}
	js, err := json.MarshalIndent(rec, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	for file, got := range map[string][]byte{name: text.Bytes(), strings.TrimSuffix(name, ".txt") + ".json": append(js, '\n')} {
		path := filepath.Join("testdata", file)
		if *update {
			if err := os.MkdirAll("testdata", 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(path, got, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("%v (run go test -update to write it)", err)
		}
		if diff := cmp.Diff(string(want), string(got)); diff != "" {
			t.Errorf("%s (-want +got):\n%s", path, diff)
		}
	}
}

// TestEraseCascade: erasing a customer tombstones the tickets a cascade
// takes with it; each is recorded as erase, and none can be restored.
func TestEraseCascade(t *testing.T) {
	const text = `version: 1
audit: {table: tombstone_audit}
tables:
  customers:
    delete: soft
    column: deleted_at
    personal: [name]
    anonymize_with: {name: (anonymized)}
    cascade: {tickets: customer_id}
  tickets: {delete: soft, column: deleted_at}
  order_lines: {delete: soft, column: deleted_unix, marker: unix, key: [order_id, n]}
subjects:
  customer: {customers: id}
`
	for _, e := range databasesWith(t, text) {
		t.Run(e.dialect, func(t *testing.T) {
			e.exec(t,
				"INSERT INTO customers (id, name) VALUES (1, 'Maya'), (2, 'Sam')",
				"INSERT INTO tickets (id, customer_id, subject) VALUES (10, 1, 'a'), (11, 1, 'b'), (12, 2, 'c')")
			n := len(e.audit(t))
			ctx := context.Background()
			if _, err := lifecycle.Erase(ctx, e.enf, e.p, e.dialect, lifecycle.Subject{Kind: "customer", ID: "1"}, lifecycle.WithActor("desk"), lifecycle.WithReason("request")); err != nil {
				t.Fatal(err)
			}
			want := []string{"customers 1 deleted", "customers 2 live", "tickets 10 deleted", "tickets 11 deleted", "tickets 12 live"}
			if diff := cmp.Diff(want, e.state(t)); diff != "" {
				t.Errorf("state (-want +got):\n%s", diff)
			}
			got := e.audit(t)
			if len(got) < n {
				t.Fatalf("audit trail shrank")
			}
			wantTrail := []string{`desk|erase|customers|{"id":1}`, `desk|erase|tickets|{"id":10}`, `desk|erase|tickets|{"id":11}`}
			var trail []string
			for _, r := range got {
				if strings.HasPrefix(r, "desk|") {
					trail = append(trail, r)
				}
			}
			if diff := cmp.Diff(wantTrail, trail); diff != "" {
				t.Errorf("erase rows (-want +got):\n%s", diff)
			}
			for _, k := range []struct {
				table string
				id    int
			}{{"customers", 1}, {"tickets", 10}} {
				if err := lifecycle.Restore(ctx, e.enf, e.dialect, e.p.Table(k.table), lifecycle.Key{"id": k.id}); !errors.Is(err, lifecycle.ErrErased) {
					t.Errorf("restore %s %d: %v, want ErrErased", k.table, k.id, err)
				}
			}
		})
	}
}
