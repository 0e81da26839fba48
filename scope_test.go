package tombstone_test

import (
	"context"
	"errors"
	"log/slog"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/tombstone-sql/tombstone"
)

// TestScopeNamesUnknownTable: a scope naming a table the policy does not
// govern as a soft table is refused with ErrScope on every statement —
// also one that touches no governed table, which the quick reject would
// otherwise send unplanned — through database/sql and the pgx-native
// pool, executed or prepared; the message names the table, the nearest
// soft table and the ones to choose from.
func TestScopeNamesUnknownTable(t *testing.T) {
	forEachDoor(t, func(t *testing.T, d string) {
		e := newEnv(t, d, envOptions{})
		text := map[string]string{"postgres": "text", "mysql": "VARCHAR(64)", "sqlite": "TEXT"}[d]
		for _, q := range []string{"CREATE TABLE authors (id INT PRIMARY KEY, name " + text + ")", "INSERT INTO authors (id, name) VALUES (1, 'Ann')"} {
			if _, err := e.raw.Exec(q); err != nil {
				t.Fatal(err)
			}
		}
		manager := tombstone.WithRole(context.Background(), "manager")
		scopes := []struct {
			name string
			ctx  context.Context
			msg  []string
		}{
			{"typo only-deleted", tombstone.OnlyDeleted(manager, "custmers"), []string{`only-deleted "custmers"`, "did you mean customers?", "customers, support_tickets"}},
			{"typo with-deleted", tombstone.WithDeleted(manager, "support_ticket"), []string{`with-deleted "support_ticket"`, "did you mean support_tickets?"}},
			{"typo beside a good name", tombstone.WithDeleted(manager, "customers", "invoicez"), []string{`"invoicez"`}},
			{"a hard table", tombstone.OnlyDeleted(manager, "leads"), []string{"leads is a hard table", "customers, support_tickets"}},
			{"far from any name", tombstone.OnlyDeleted(manager, "payroll"), []string{`"payroll"`, "the soft tables are customers, support_tickets"}},
		}
		statements := []string{
			"SELECT name FROM authors",   // no governed table: the quick reject
			"SELECT 1",                   // no table at all
			"SELECT name FROM customers", // a governed table
		}
		for _, s := range scopes {
			for _, q := range statements {
				rows, err := e.db.QueryContext(s.ctx, q)
				if err == nil {
					rows.Close()
				}
				if !errors.Is(err, tombstone.ErrScope) {
					t.Errorf("%s: %s: err = %v, want ErrScope", s.name, q, err)
					continue
				}
				for _, m := range s.msg {
					if !strings.Contains(err.Error(), m) {
						t.Errorf("%s: %q does not say %q", s.name, err, m)
					}
				}
				if _, err := e.db.ExecContext(s.ctx, "UPDATE authors SET name = 'x'"); !errors.Is(err, tombstone.ErrScope) {
					t.Errorf("%s: UPDATE authors: err = %v, want ErrScope", s.name, err)
				}
				if err := e.db.Prepare(s.ctx, q); !errors.Is(err, tombstone.ErrScope) {
					t.Errorf("%s: prepare %s: err = %v, want ErrScope", s.name, q, err)
				}
			}
		}
		// Nothing of it reached the table.
		if got := names(t, context.Background(), e.raw, "SELECT name FROM authors"); !cmp.Equal(got, []string{"Ann"}) {
			t.Errorf("authors = %v, want [Ann]", got)
		}
	})
}

// TestScopeEveryTable: WithDeleted and OnlyDeleted with no table names
// mean every soft table, as "*" does.
func TestScopeEveryTable(t *testing.T) {
	forEachDoor(t, func(t *testing.T, d string) {
		e := newEnv(t, d, envOptions{})
		for _, q := range []string{"UPDATE customers SET deleted_at = created_at WHERE id = 3", "UPDATE support_tickets SET deleted_at = created_at WHERE id = (SELECT min(id) FROM support_tickets)"} {
			if _, err := e.raw.Exec(q); err != nil {
				t.Fatal(err)
			}
		}
		manager := tombstone.WithRole(context.Background(), "manager")
		for _, table := range []string{"customers", "support_tickets"} {
			col := map[string]string{"customers": "name", "support_tickets": "subject"}[table]
			all := sorted(names(t, context.Background(), e.raw, "SELECT "+col+" FROM "+table))
			dead := sorted(names(t, context.Background(), e.raw, "SELECT "+col+" FROM "+table+" WHERE deleted_at IS NOT NULL"))
			if len(dead) == 0 || len(dead) == len(all) {
				t.Fatalf("%s: %d tombstones of %d rows; the test needs some of each", table, len(dead), len(all))
			}
			for _, c := range []struct {
				name string
				ctx  context.Context
				want []string
			}{
				{"WithDeleted()", tombstone.WithDeleted(manager), all},
				{"WithDeleted(*)", tombstone.WithDeleted(manager, "*"), all},
				{"OnlyDeleted()", tombstone.OnlyDeleted(manager), dead},
				{"OnlyDeleted(*)", tombstone.OnlyDeleted(manager, "*"), dead},
			} {
				if got := sorted(names(t, c.ctx, e.db, "SELECT "+col+" FROM "+table)); !cmp.Equal(got, c.want) {
					t.Errorf("%s on %s: %v, want %v", c.name, table, got, c.want)
				}
			}
		}
	})
}

// TestWidenedScopeLogVolume: a statement sent again and again in one
// widened scope is logged at INFO once per statement and scope, at DEBUG
// every time; each refusal is logged at WARN every time.
func TestWidenedScopeLogVolume(t *testing.T) { onSQLiteAndNative(t, testWidenedScopeLogVolume) }

func testWidenedScopeLogVolume(t *testing.T, d string) {
	h := &records{}
	e := newEnv(t, d, envOptions{opts: []tombstone.Option{tombstone.WithLogger(slog.New(h))}})
	manager := tombstone.WithActor(tombstone.WithRole(context.Background(), "manager"), "mo", "review")
	only, with := tombstone.OnlyDeleted(manager, "customers"), tombstone.WithDeleted(manager, "customers")
	const runs = 5
	for i := 0; i < runs; i++ {
		names(t, only, e.db, "SELECT name FROM customers")
		names(t, with, e.db, "SELECT name FROM customers")
		names(t, only, e.db, "SELECT name FROM customers ORDER BY id")
		if _, err := e.db.ExecContext(manager, "DELETE FROM invoices WHERE id = 101"); !errors.Is(err, tombstone.ErrRetained) {
			t.Fatalf("DELETE of a retained invoice: %v", err)
		}
	}
	// Three (statement, scope) pairs, each sent runs times; one refusal
	// sent runs times.
	want := map[string]int{
		"INFO tombstone widened scope":       3,
		"DEBUG tombstone widened scope":      3 * (runs - 1),
		"WARN tombstone refused a statement": runs,
	}
	if diff := cmp.Diff(want, h.counts()); diff != "" {
		t.Errorf("log records by level and message (-want +got):\n%s", diff)
	}
}

// records is a slog.Handler that keeps every record, at every level.
type records struct {
	mu  sync.Mutex
	got []slog.Record
}

func (h *records) Enabled(context.Context, slog.Level) bool { return true }
func (h *records) Handle(_ context.Context, r slog.Record) error {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.got = append(h.got, r.Clone())
	return nil
}
func (h *records) WithAttrs([]slog.Attr) slog.Handler { return h }
func (h *records) WithGroup(string) slog.Handler      { return h }

func (h *records) counts() map[string]int {
	out := map[string]int{}
	for _, r := range h.got {
		out[r.Level.String()+" "+r.Message]++
	}
	return out
}

func sorted(s []string) []string {
	s = append([]string(nil), s...)
	sort.Strings(s)
	return s
}
