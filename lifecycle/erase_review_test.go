package lifecycle_test

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/tombstone-sql/tombstone"
	"github.com/tombstone-sql/tombstone/lifecycle"
	"github.com/tombstone-sql/tombstone/policy"
	"github.com/tombstone-sql/tombstone/schema"
)

// TestEraseTriggersStay: SQL sent through the driver cannot switch off
// the triggers that keep an erased row from being restored. On
// PostgreSQL, session_replication_role = replica stops every ordinary
// trigger: a restore would go through, unaudited.
func TestEraseTriggersStay(t *testing.T) {
	for _, e := range storeDBs(t, moreRows) {
		if e.dialect != "postgres" {
			continue
		}
		t.Run(e.dialect, func(t *testing.T) {
			ctx := context.Background()
			if _, err := lifecycle.Erase(ctx, e.enf, e.p, e.dialect, maya, privacy()...); err != nil {
				t.Fatal(err)
			}
			after := e.dump(t)
			// One connection: a setting that got through would be
			// there for the restore below.
			e.enf.SetMaxOpenConns(1)
			for _, q := range []string{
				"SET session_replication_role = replica",
				"SET SESSION session_replication_role TO 'replica'",
				"SET LOCAL session_replication_role = replica",
				`SET "session_replication_role" = replica`,
				"SELECT set_config('session_replication_role', 'replica', false)",
				"RESET session_replication_role",
			} {
				if _, err := e.enf.ExecContext(manager("mallory"), q); err == nil {
					t.Errorf("sent through the driver: %s", q)
				} else if !strings.Contains(err.Error(), "session_replication_role") {
					t.Errorf("%s: refused with %v, which does not name session_replication_role", q, err)
				}
			}
			_, err := e.enf.ExecContext(tombstone.OnlyDeleted(manager("mallory"), "customers"), "UPDATE customers SET deleted_at = NULL WHERE id = 1")
			if err == nil || !strings.Contains(err.Error(), schema.ErasedMessage) {
				t.Errorf("restore of the erased row through the driver: %v, want the trigger's refusal", err)
			}
			if diff := cmp.Diff(after.cells(), e.dump(t).cells()); diff != "" {
				t.Errorf("the attempts changed the tables (-after erase +now):\n%s", diff)
			}
		})
	}
}

// TestEraseCanceled: a context canceled between two tables of an erasure
// rolls every table back, writes no audit row and no log entry, and
// leaves no erase action behind on the pool's connection: the next
// delete through the driver is audited as a tombstoning.
func TestEraseCanceled(t *testing.T) {
	for _, e := range storeDBs(t, moreRows) {
		t.Run(e.dialect, func(t *testing.T) {
			before := e.dump(t)
			e.enf.SetMaxOpenConns(1)
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			reset := lifecycle.SetEraseHook(func(table string) error {
				if table == "customers" {
					cancel()
				}
				return nil
			})
			log := filepath.Join(t.TempDir(), "erasures.log")
			_, err := lifecycle.Erase(ctx, e.enf, e.p, e.dialect, maya, append(privacy(), lifecycle.WithLog(log))...)
			reset()
			if !errors.Is(err, context.Canceled) {
				t.Fatalf("erase canceled between tables: %v, want context.Canceled", err)
			}
			if diff := cmp.Diff(before.cells(), e.dump(t).cells()); diff != "" {
				t.Errorf("a canceled erasure changed the tables (-before +after):\n%s", diff)
			}
			if _, err := os.Stat(log); !errors.Is(err, os.ErrNotExist) {
				t.Errorf("a canceled erasure wrote its log: %v", err)
			}
			// Ana's row, deleted through the driver on the same connection.
			if _, err := e.enf.ExecContext(manager("mallory"), "DELETE FROM customers WHERE id = 2"); err != nil {
				t.Fatal(err)
			}
			want := []string{`mallory|asked|tombstone|customers|{"id":2}`}
			if diff := cmp.Diff(want, e.trail(t, len(before["tombstone_audit"].rows))); diff != "" {
				t.Errorf("audit rows after the canceled erasure (-want +got):\n%s", diff)
			}
		})
	}
}

// TestAppendLogAfterTornLine: a crash in the middle of writing an entry
// leaves a line without its newline; the next erasure's entry goes on a
// line of its own, whole, so that only the torn line is refused.
func TestAppendLogAfterTornLine(t *testing.T) {
	path := filepath.Join(t.TempDir(), "erasures.log")
	torn := `{"kind":"customer","id":"4`
	if err := os.WriteFile(path, []byte(torn), 0o600); err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	if err := lifecycle.AppendLog(path, lifecycle.LogEntry{Kind: "customer", ID: "42", At: at}); err != nil {
		t.Fatal(err)
	}
	_, err := lifecycle.ReadLog(path)
	if !errors.Is(err, lifecycle.ErrBadLog) || !strings.Contains(err.Error(), "erasures.log:1: the line is cut short") {
		t.Errorf("reading the log with a torn first line: %v, want ErrBadLog naming erasures.log:1", err)
	}
	text, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(text), "\n")
	if lines[0] != torn {
		t.Errorf("the torn line became %q", lines[0])
	}
	if err := os.WriteFile(path, []byte(strings.Join(lines[1:], "\n")), 0o600); err != nil {
		t.Fatal(err)
	}
	got, err := lifecycle.ReadLog(path)
	if err != nil {
		t.Fatalf("the log without its torn line: %v", err)
	}
	if diff := cmp.Diff([]lifecycle.LogEntry{{Kind: "customer", ID: "42", At: at}}, got); diff != "" {
		t.Errorf("entries after the torn line (-want +got):\n%s", diff)
	}
}

// TestEraseLeavesNoCopyInTheFile: on SQLite, the values an erasure
// replaces or deletes are not left in the database file's free space,
// where anyone with a copy of the file (a backup) would read them.
func TestEraseLeavesNoCopyInTheFile(t *testing.T) {
	for _, e := range storeDBs(t, moreRows) {
		if e.dialect != "sqlite" {
			continue
		}
		before := e.dump(t).cells()
		if _, err := lifecycle.Erase(context.Background(), e.enf, e.p, e.dialect, maya, privacy()...); err != nil {
			t.Fatal(err)
		}
		after := e.dump(t).cells()
		// Maya's values the erasure replaced or deleted: those of her
		// rows' personal columns and of the rows it purged, less any
		// value some row still holds.
		held := map[string]bool{}
		for _, rows := range after {
			for _, r := range rows {
				for _, v := range r {
					held[v] = true
				}
			}
		}
		gone := map[string]bool{}
		for _, st := range e.p.Subject(maya.Kind).Tables {
			for _, r := range before[st.Table.Name] {
				if r[st.Columns[0]] != maya.ID {
					continue
				}
				cols := st.Table.Personal
				if st.Table.Rule == policy.Soft && st.Table.Erase == policy.ErasePurge {
					cols = nil
					for c := range r {
						cols = append(cols, c)
					}
				}
				for _, c := range cols {
					if v := r[c]; len(v) >= 6 && !held[v] && !isTime(v) {
						gone[v] = true
					}
				}
			}
		}
		if len(gone) < 3 {
			t.Fatalf("the test data gives %d of Maya's values to look for", len(gone))
		}
		path := strings.TrimPrefix(e.url, "sqlite:")
		files, _ := filepath.Glob(path + "*") // the file, and its -wal or -journal
		for _, f := range files {
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			for v := range gone {
				if bytes.Contains(data, []byte(v)) {
					t.Errorf("%s still holds %q after the erasure", filepath.Base(f), v)
				}
			}
		}
	}
}

// isTime reports whether v is a timestamp, which other rows, the audit
// trail among them, may hold by chance.
func isTime(v string) bool {
	for _, layout := range []string{"2006-01-02 15:04:05", time.RFC3339Nano} {
		if _, err := time.Parse(layout, v); err == nil {
			return true
		}
	}
	return false
}

// TestEraseKeyStays: an erased tombstone cannot be given a new key, by
// which the restore trigger would no longer know it was erased, and then
// restored; nor can a tombstone be re-keyed and restored in one UPDATE.
func TestEraseKeyStays(t *testing.T) {
	for _, e := range storeDBs(t, moreRows) {
		t.Run(e.dialect, func(t *testing.T) {
			ctx := context.Background()
			if _, err := lifecycle.Erase(ctx, e.enf, e.p, e.dialect, maya, privacy()...); err != nil {
				t.Fatal(err)
			}
			after := e.dump(t)
			for _, scope := range []context.Context{
				tombstone.OnlyDeleted(manager("mallory"), "customers"),
				tombstone.WithDeleted(manager("mallory"), "customers"),
			} {
				for _, q := range []string{
					"UPDATE customers SET id = 999 WHERE id = 1",
					"UPDATE customers SET id = 998, deleted_at = NULL WHERE id = 1",
				} {
					_, err := e.enf.ExecContext(scope, q)
					if err == nil || !strings.Contains(err.Error(), "it sets id, a key column of customers, in a scope that reaches its tombstones") {
						t.Errorf("%s: %v, want tombstone's refusal", q, err)
					}
				}
			}
			// Keys of live rows change as before.
			if _, err := e.enf.ExecContext(manager("mallory"), "UPDATE leads SET id = 999 WHERE id = (SELECT min(id) FROM (SELECT id FROM leads) l)"); err != nil {
				t.Errorf("re-keying a lead: %v", err)
			}
			if diff := cmp.Diff(after.cells()["customers"], e.dump(t).cells()["customers"]); diff != "" {
				t.Errorf("the attempts changed customers (-after erase +now):\n%s", diff)
			}
		})
	}
}

// TestEraseExactID: an id that matches a person's rows only after the
// server converts it ('01' and ' 1' are 1 to every server, '1abc' to
// MySQL) is refused, and nothing changes: the receipt and the erasure log
// would name an id that is not hers.
func TestEraseExactID(t *testing.T) {
	for _, e := range storeDBs(t, moreRows) {
		t.Run(e.dialect, func(t *testing.T) {
			before := e.dump(t)
			for _, id := range []string{"01", " 1", "1abc", "1.0"} {
				rec, err := lifecycle.Erase(context.Background(), e.enf, e.p, e.dialect, lifecycle.Subject{Kind: "customer", ID: id}, privacy()...)
				if err == nil {
					// Allowed when the id finds no row at all (SQLite's
					// '1abc').
					for _, n := range rowsOf(rec) {
						if n != 0 {
							t.Errorf("erase customer=%q erased rows: %v", id, rowsOf(rec))
							break
						}
					}
				} else if !errors.Is(err, lifecycle.ErrBadSubject) && !(e.dialect == "postgres" && strings.Contains(err.Error(), "invalid input syntax")) {
					t.Errorf("erase customer=%q: %v, want ErrBadSubject", id, err)
				}
			}
			if diff := cmp.Diff(before.cells(), e.dump(t).cells()); diff != "" {
				t.Errorf("an id spelled another way changed the tables (-before +after):\n%s", diff)
			}
		})
	}
}
