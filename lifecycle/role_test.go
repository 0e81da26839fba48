package lifecycle_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/tombstone-sql/tombstone"
	"github.com/tombstone-sql/tombstone/internal/cli"
	"github.com/tombstone-sql/tombstone/lifecycle"
)

// The job's role may see deleted rows and purge them, but not restore.
const jobRolePolicy = `version: 1
audit: {table: tombstone_audit}
roles:
  expire_job: {see_deleted: true, purge: true}
  restorer: {see_deleted: true, restore: true}
tables:
  customers:
    delete: soft
    column: deleted_at
    restore_window: 30d
    after_window: anonymize
    personal: [name]
    anonymize_with: {name: (anonymized)}
  tickets:
    delete: soft
    column: deleted_at
    restore_window: 14d
    after_window: purge
  order_lines:
    delete: soft
    column: deleted_unix
    marker: unix
    key: [order_id, n]
`

// TestExpireNeedsNoRestore: an anonymizing UPDATE of tombstones is no
// restore, so `tombstone expire` runs with a role that may see deleted rows
// and purge but not restore; an UPDATE that assigns the tombstone column in
// a scope that shows tombstones still needs restore, whatever its shape (an
// expression, a multi-column SET, a join, a CTE, MERGE).
func TestExpireNeedsNoRestore(t *testing.T) {
	for _, e := range databasesWith(t, jobRolePolicy) {
		t.Run(e.dialect, func(t *testing.T) {
			e.exec(t, "INSERT INTO customers (id, name) VALUES (1, 'ann'), (2, 'bob'), (3, 'cy'), (4, 'di')",
				"INSERT INTO tickets (id, customer_id, subject) VALUES (11, 1, 'a'), (12, 3, 'b'), (13, 4, 'c')")
			alex := tombstone.WithActor(context.Background(), "alex", "")
			e.through(t, alex, "DELETE FROM customers WHERE id < 4")
			e.through(t, alex, "DELETE FROM tickets WHERE id < 13")
			// Customers 1 and 2 and ticket 11 are past their windows; 3 and
			// 12 inside; 4 and 13 live.
			ages := map[string]map[int]int{"customers": {1: 31, 2: 90, 3: 2}, "tickets": {11: 15, 12: 1}}
			for table, m := range ages {
				for id, days := range m {
					e.exec(t, fmt.Sprintf("UPDATE %s SET deleted_at = %s WHERE id = %d", table, e.ago(days*24, false), id))
				}
			}
			// The expected end state, from the ages and the policy's windows.
			windows := map[string]int{"customers": 30, "tickets": 14}
			names := map[int]string{1: "ann", 2: "bob", 3: "cy", 4: "di"}
			want := expected{}
			want.set(true, "customers 4", "tickets 13")
			for table, m := range ages {
				for id, days := range m {
					past := days > windows[table]
					switch {
					case !past:
						want.set(false, fmt.Sprintf("%s %d", table, id))
					case table == "customers":
						want.set(false, fmt.Sprintf("%s %d", table, id))
						names[id] = "(anonymized)"
					}
				}
			}

			var out, errb bytes.Buffer
			code := cli.Run([]string{"expire", "--policy", e.policyFile, "--dsn", e.url, "--role", "expire_job"}, strings.NewReader(""), &out, &errb)
			if code != 0 {
				t.Fatalf("tombstone expire --role expire_job: exit %d\n%s%s", code, out.String(), errb.String())
			}

			job := tombstone.OnlyDeleted(tombstone.WithRole(context.Background(), "expire_job"), "customers")
			// Changing other columns of tombstones is allowed to the role.
			if n := e.through(t, job, "UPDATE customers SET name = 'cy2' WHERE id = 3"); n != 1 {
				t.Errorf("an UPDATE of a tombstone's name affected %d rows, want 1", n)
			}
			names[3] = "cy2"
			restores := []string{
				"UPDATE customers SET deleted_at = NULL WHERE id = 3",
				"UPDATE customers SET DELETED_AT = NULL WHERE id = 3",
				"UPDATE customers SET name = name, deleted_at = NULL WHERE id = 3",
				"UPDATE customers SET deleted_at = CASE WHEN id = 3 THEN NULL ELSE deleted_at END",
			}
			switch e.dialect {
			case "postgres":
				restores = append(restores,
					"UPDATE customers SET (name, deleted_at) = (name, NULL) WHERE id = 3",
					"UPDATE customers c SET deleted_at = NULL FROM tickets t WHERE t.customer_id = c.id",
					"WITH r AS (UPDATE customers SET deleted_at = NULL WHERE id = 3 RETURNING id) SELECT count(*) FROM r",
					"MERGE INTO customers c USING (VALUES (3)) AS v(id) ON c.id = v.id WHEN MATCHED THEN UPDATE SET deleted_at = NULL")
			case "mysql":
				restores = append(restores,
					"UPDATE customers c JOIN (SELECT 3 AS id) v ON v.id = c.id SET c.deleted_at = NULL",
					"UPDATE customers c JOIN (SELECT 3 AS id) v ON v.id = c.id SET deleted_at = NULL",
					"UPDATE customers c, (SELECT 3 AS id) v SET c.name = c.name, c.deleted_at = NULL WHERE v.id = c.id")
			case "sqlite":
				restores = append(restores,
					"UPDATE customers SET (name, deleted_at) = (name, NULL) WHERE id = 3",
					"WITH x AS (SELECT 3 AS id) UPDATE customers SET deleted_at = NULL WHERE id IN (SELECT id FROM x)",
					"UPDATE customers SET deleted_at = NULL FROM tickets WHERE tickets.customer_id = customers.id")
			}
			for _, q := range restores {
				if _, err := e.enf.ExecContext(job, q); !errors.Is(err, tombstone.ErrForbidden) {
					t.Errorf("%s: err = %v, want ErrForbidden (the role may not restore)", q, err)
				}
			}

			if diff := cmp.Diff(want.list(), e.state(t)); diff != "" {
				t.Errorf("rows (-want +got):\n%s", diff)
			}
			var wantNames []string
			for id, n := range names {
				wantNames = append(wantNames, fmt.Sprintf("%d %s", id, n))
			}
			sort.Strings(wantNames)
			var gotNames []string
			rows, err := e.plain.Query("SELECT id, name FROM customers ORDER BY id")
			if err != nil {
				t.Fatal(err)
			}
			defer rows.Close()
			for rows.Next() {
				var id int
				var n string
				if err := rows.Scan(&id, &n); err != nil {
					t.Fatal(err)
				}
				gotNames = append(gotNames, fmt.Sprintf("%d %s", id, n))
			}
			if diff := cmp.Diff(wantNames, gotNames); diff != "" {
				t.Errorf("customer names (-want +got):\n%s", diff)
			}
		})
	}
}

// TestWindowBoundaryEndToEnd: on MariaDB, whose session clock can be
// frozen (SET @@timestamp), a tombstone exactly one window old is refused
// by lifecycle.Restore and due for tombstone expire; one a second younger
// is restorable and not due. The pool has one connection, so every
// statement of both reads the frozen clock.
func TestWindowBoundaryEndToEnd(t *testing.T) {
	var e *db
	for _, d := range databasesWith(t, jobRolePolicy) {
		if d.dialect == "mysql" {
			e = d
		}
	}
	e.enf.SetMaxOpenConns(1)
	ctx := context.Background()
	e.exec(t, "INSERT INTO customers (id, name) VALUES (1, 'ann'), (2, 'bob')")
	var t0 int64
	if err := e.plain.QueryRow("SELECT FLOOR(UNIX_TIMESTAMP(NOW(6)))").Scan(&t0); err != nil {
		t.Fatal(err)
	}
	at := func(secs int64) {
		t.Helper()
		if _, err := e.enf.ExecContext(ctx, fmt.Sprintf("SET @@timestamp = %d", secs)); err != nil {
			t.Fatal(err)
		}
	}
	window := int64(e.p.Table("customers").RestoreWindow.Hours()) * 3600
	at(t0)
	e.through(t, tombstone.WithActor(ctx, "alex", ""), "DELETE FROM customers WHERE id IN (1, 2)")
	due := func() int64 {
		t.Helper()
		rep, err := lifecycle.Expire(ctx, e.enf, e.p, "mysql", lifecycle.WithDryRun(), lifecycle.WithRole("expire_job"), lifecycle.WithTables("customers"))
		if err != nil {
			t.Fatal(err)
		}
		return rep.Total(lifecycle.ActionAnonymize)
	}
	at(t0 + window - 1)
	if n := due(); n != 0 {
		t.Errorf("a second inside the window: %d rows due, want 0", n)
	}
	at(t0 + window)
	if n := due(); n != 2 {
		t.Errorf("at the boundary: %d rows due, want 2", n)
	}
	err := lifecycle.Restore(tombstone.WithRole(ctx, "restorer"), e.enf, "mysql", e.p.Table("customers"), lifecycle.Key{"id": 1})
	if !errors.Is(err, tombstone.ErrWindowClosed) {
		t.Errorf("restore at the boundary: err = %v, want ErrWindowClosed", err)
	}
	at(t0 + window - 1)
	if err := lifecycle.Restore(tombstone.WithRole(ctx, "restorer"), e.enf, "mysql", e.p.Table("customers"), lifecycle.Key{"id": 2}); err != nil {
		t.Errorf("restore a second inside the window: %v", err)
	}
}
