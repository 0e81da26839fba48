package lifecycle

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/tombstone-sql/tombstone/policy"
	"github.com/tombstone-sql/tombstone/rewrite"
	"github.com/tombstone-sql/tombstone/schema"
)

// The boundary test's tables: a timestamp and a unix marker, both purged
// after their windows.
const boundaryPolicy = `version: 1
tables:
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
`

// TestWindowBoundary: a tombstone exactly at the end of its restore window,
// one second before and one after, on each server's own clock. The test of
// a restore (the rewrite's Restorable, what an UPDATE in the only-deleted
// scope gets) and the expire job's test (its step's condition) are read in
// the statement that sets the deletion times, or on a clock frozen for the
// session (MySQL), so both see the same now: each row is restorable or
// due, never both and never neither, and the one at the boundary is due.
func TestWindowBoundary(t *testing.T) {
	for _, s := range serversWith(t, boundaryPolicy) {
		t.Run(s.name, func(t *testing.T) {
			ctx := context.Background()
			d, err := newDialect(s.name)
			if err != nil {
				t.Fatal(err)
			}
			stmts := []string{"CREATE TABLE tickets (id INT PRIMARY KEY)", "CREATE TABLE events (id INT PRIMARY KEY)"}
			ddl, err := schema.Migrate(s.p, s.name)
			if err != nil {
				t.Fatal(err)
			}
			for _, st := range ddl {
				stmts = append(stmts, st.SQL)
			}
			stmts = append(stmts, "INSERT INTO tickets (id) VALUES (1), (2), (3)", "INSERT INTO events (id) VALUES (1), (2), (3)")
			conn, err := s.plain.Conn(ctx)
			if err != nil {
				t.Fatal(err)
			}
			defer conn.Close()
			for _, st := range stmts {
				if _, err := conn.ExecContext(ctx, st); err != nil {
					t.Fatalf("%s: %v", st, err)
				}
			}
			if s.name == "mysql" {
				// NOW(6), CURRENT_TIMESTAMP(6) and UNIX_TIMESTAMP() read the
				// session's timestamp: frozen, whole seconds.
				if _, err := conn.ExecContext(ctx, "SET @@timestamp = FLOOR(UNIX_TIMESTAMP(NOW(6)))"); err != nil {
					t.Fatal(err)
				}
			}
			for _, table := range []string{"tickets", "events"} {
				tb := s.p.Table(table)
				steps, err := plan(s.p, &config{tables: []string{table}})
				if err != nil || len(steps) != 1 {
					t.Fatalf("plan %s: %v (%d steps)", table, err, len(steps))
				}
				col := d.Quote(tb.Column)
				restorable, err := rewrite.Restorable(d.Dialect, tb, col)
				if err != nil {
					t.Fatal(err)
				}
				due := steps[0].due(&builder{d: d})
				// Row 1 deleted a second before the boundary (past it), 2 at
				// it, 3 a second after (inside the window).
				window := tb.RestoreWindow.Hours() * 3600
				at := func(offset int) string {
					secs := window - offset
					switch {
					case tb.Marker == policy.Unix && s.name == "postgres":
						return fmt.Sprintf("CAST(FLOOR(EXTRACT(EPOCH FROM CURRENT_TIMESTAMP)) AS bigint) - %d", secs)
					case tb.Marker == policy.Unix && s.name == "mysql":
						return fmt.Sprintf("UNIX_TIMESTAMP() - %d", secs)
					case tb.Marker == policy.Unix:
						return fmt.Sprintf("CAST(strftime('%%s','now') AS INTEGER) - %d", secs)
					case s.name == "postgres":
						return fmt.Sprintf("CURRENT_TIMESTAMP - INTERVAL '%d seconds'", secs)
					case s.name == "mysql":
						return fmt.Sprintf("CURRENT_TIMESTAMP(6) - INTERVAL %d SECOND", secs)
					}
					return fmt.Sprintf("strftime('%%Y-%%m-%%d %%H:%%M:%%f', 'now', '-%d seconds')", secs)
				}
				set := fmt.Sprintf("UPDATE %s SET %s = CASE id WHEN 1 THEN %s WHEN 2 THEN %s ELSE %s END", table, col, at(-1), at(0), at(1))
				read := fmt.Sprintf("id, CASE WHEN %s THEN 1 ELSE 0 END, CASE WHEN %s THEN 1 ELSE 0 END", restorable, due)
				var q string
				if s.name == "mysql" {
					if _, err := conn.ExecContext(ctx, set); err != nil {
						t.Fatalf("%s: %v", set, err)
					}
					q = "SELECT " + read + " FROM " + table + " ORDER BY id"
				} else {
					q = set + " RETURNING " + read
				}
				rows, err := conn.QueryContext(ctx, q)
				if err != nil {
					t.Fatalf("%s: %v", q, err)
				}
				var got []string
				for rows.Next() {
					var id, r, p int
					if err := rows.Scan(&id, &r, &p); err != nil {
						t.Fatal(err)
					}
					got = append(got, fmt.Sprintf("%d restorable=%d due=%d", id, r, p))
				}
				if err := rows.Err(); err != nil {
					t.Fatal(err)
				}
				rows.Close()
				// Past the window means at least the window's length ago.
				var want []string
				for id, offset := range map[int]int{1: -1, 2: 0, 3: 1} {
					past := window-offset >= window
					want = append(want, fmt.Sprintf("%d restorable=%d due=%d", id, b2i(!past), b2i(past)))
				}
				sort.Strings(want)
				sort.Strings(got)
				if diff := cmp.Diff(want, got); diff != "" {
					t.Errorf("%s: restorable and due at the boundary (-want +got):\n%s\n%s", table, diff, strings.TrimSpace(q))
				}
			}
		})
	}
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}
