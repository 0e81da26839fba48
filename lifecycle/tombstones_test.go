package lifecycle_test

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/tombstone-sql/tombstone"
	tombstonepgx "github.com/tombstone-sql/tombstone/drivers/pgx"
	"github.com/tombstone-sql/tombstone/lifecycle"
	"github.com/tombstone-sql/tombstone/policy"
	"github.com/tombstone-sql/tombstone/review"
)

// The purge and listing tests' policy: restorePolicy's tables, with a role
// that may list but not purge and one that may purge.
const purgePolicy = `version: 1
audit: {table: tombstone_audit}
roles:
  agent: {}
  manager: {see_deleted: true, restore: true}
  janitor: {see_deleted: true, purge: true}
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

// door is one front door the lifecycle functions take: a *sql.DB opened
// through tombstone, or the pgx native pool.
type door struct {
	name       string
	restore    func(ctx context.Context, t *policy.Table, k lifecycle.Key) error
	purge      func(ctx context.Context, t *policy.Table, k lifecycle.Key) error
	customers  func(ctx context.Context) ([]lifecycle.Tombstone[int], error)
	orderLines func(ctx context.Context) ([]lifecycle.Tombstone[[2]int], error)
}

func doorOf[D lifecycle.Database](name string, db D, dialect string, p *policy.Policy) door {
	return door{
		name: name,
		restore: func(ctx context.Context, t *policy.Table, k lifecycle.Key) error {
			return lifecycle.Restore(ctx, db, dialect, t, k)
		},
		purge: func(ctx context.Context, t *policy.Table, k lifecycle.Key) error {
			return lifecycle.Purge(ctx, db, dialect, t, k)
		},
		customers: func(ctx context.Context) ([]lifecycle.Tombstone[int], error) {
			return lifecycle.Tombstones(ctx, db, dialect, p, "customers", func(k *int) []any { return []any{k} })
		},
		orderLines: func(ctx context.Context) ([]lifecycle.Tombstone[[2]int], error) {
			return lifecycle.Tombstones(ctx, db, dialect, p, "order_lines", func(k *[2]int) []any { return []any{&k[0], &k[1]} }, lifecycle.Limit(10))
		},
	}
}

// at is a point in time as the database writes it for a timestamp marker
// or a unix one.
func (e *db) at(unix int64, marker bool) string {
	switch {
	case marker:
		return fmt.Sprint(unix)
	case e.dialect == "postgres":
		return fmt.Sprintf("to_timestamp(%d)", unix)
	case e.dialect == "mysql":
		return fmt.Sprintf("FROM_UNIXTIME(%d)", unix)
	}
	return fmt.Sprintf("datetime(%d, 'unixepoch')", unix)
}

// TestPurgeAndTombstones lists tombstones with their deletion time and the
// actor and reason of their latest tombstoning, and purges one tombstone,
// through both front doors on every server: the expected listing, table
// state and audit trail are built by the test from what it did, and the
// roles are checked by the enforcement path (agent may do neither, manager
// may list but not purge, janitor may purge).
func TestPurgeAndTombstones(t *testing.T) {
	for _, e := range databasesWith(t, purgePolicy) {
		doors := []door{doorOf("database/sql", e.enf, e.dialect, e.p)}
		if e.dialect == "postgres" {
			cfg, err := pgxpool.ParseConfig(e.url)
			if err != nil {
				t.Fatal(err)
			}
			pool, err := tombstonepgx.NewPool(context.Background(), cfg, e.p, tombstone.WithLogger(slog.New(slog.DiscardHandler)))
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(pool.Close)
			doors = append(doors, doorOf("pgx", pool, "", e.p))
		}
		for _, d := range doors {
			t.Run(e.dialect+"/"+d.name, func(t *testing.T) {
				e.exec(t, "DELETE FROM tickets", "DELETE FROM customers", "DELETE FROM order_lines", "DELETE FROM tombstone_audit")
				e.exec(t, "INSERT INTO customers (id, name) VALUES (1, 'a'), (2, 'b'), (3, 'c'), (4, 'd'), (5, 'e')",
					"INSERT INTO order_lines (order_id, n) VALUES (1, 1), (1, 2), (2, 1)")
				del := func(actor, reason, q string) {
					t.Helper()
					e.through(t, tombstone.WithActor(context.Background(), actor, reason), q)
				}
				del("alex", "gone", "DELETE FROM customers WHERE id IN (1, 2, 4)")
				del("sam", "duplicate", "DELETE FROM customers WHERE id = 3")
				del("alex", "cancelled", "DELETE FROM order_lines WHERE order_id = 1")
				manager := tombstone.WithRole(tombstone.WithActor(context.Background(), "maya", "asked"), "manager")
				// Customer 2 comes back and goes again: the listing names the
				// latest tombstoning.
				if err := d.restore(manager, e.p.Table("customers"), lifecycle.Key{"id": 2}); err != nil {
					t.Fatal(err)
				}
				del("kim", "again", "DELETE FROM customers WHERE id = 2")
				// Known deletion times, set beneath tombstone.
				when := map[int]int64{1: 1767323045, 2: 1767409445, 3: 1767495845, 4: 1767582245}
				for id, at := range when {
					e.exec(t, fmt.Sprintf("UPDATE customers SET deleted_at = %s WHERE id = %d", e.at(at, false), id))
				}
				e.exec(t, "UPDATE order_lines SET deleted_unix = 1767323045 WHERE order_id = 1")

				by := map[int][2]string{1: {"alex", "gone"}, 2: {"kim", "again"}, 3: {"sam", "duplicate"}, 4: {"alex", "gone"}}
				var want []lifecycle.Tombstone[int]
				for id := range by {
					want = append(want, lifecycle.Tombstone[int]{Key: id, DeletedAt: time.Unix(when[id], 0).UTC(), DeletedBy: by[id][0], Reason: by[id][1]})
				}
				sort.Slice(want, func(i, j int) bool { return want[i].Key < want[j].Key })
				got, err := d.customers(manager)
				if err != nil {
					t.Fatal(err)
				}
				if diff := cmp.Diff(want, got); diff != "" {
					t.Errorf("customers' tombstones (-want +got):\n%s", diff)
				}
				lines, err := d.orderLines(manager)
				if err != nil {
					t.Fatal(err)
				}
				wantLines := []lifecycle.Tombstone[[2]int]{
					{Key: [2]int{1, 1}, DeletedAt: time.Unix(1767323045, 0).UTC(), DeletedBy: "alex", Reason: "cancelled"},
					{Key: [2]int{1, 2}, DeletedAt: time.Unix(1767323045, 0).UTC(), DeletedBy: "alex", Reason: "cancelled"},
				}
				if diff := cmp.Diff(wantLines, lines); diff != "" {
					t.Errorf("order_lines' tombstones (-want +got):\n%s", diff)
				}
				if _, err := d.customers(tombstone.WithRole(context.Background(), "agent")); !errors.Is(err, tombstone.ErrForbidden) {
					t.Errorf("listing as agent: err = %v, want ErrForbidden", err)
				}

				customers := e.p.Table("customers")
				janitor := tombstone.WithRole(tombstone.WithActor(context.Background(), "jo", "cleanup"), "janitor")
				for _, r := range []struct {
					name string
					ctx  context.Context
					key  lifecycle.Key
					want error
				}{
					{"manager may not purge", manager, lifecycle.Key{"id": 3}, tombstone.ErrForbidden},
					{"agent may not purge", tombstone.WithRole(context.Background(), "agent"), lifecycle.Key{"id": 3}, tombstone.ErrForbidden},
					{"a live row is not purged", janitor, lifecycle.Key{"id": 5}, tombstone.ErrNotDeleted},
					{"a missing row", janitor, lifecycle.Key{"id": 99}, tombstone.ErrNoRow},
				} {
					if err := d.purge(r.ctx, customers, r.key); !errors.Is(err, r.want) {
						t.Errorf("%s: err = %v, want %v", r.name, err, r.want)
					}
				}
				if err := d.purge(janitor, customers, lifecycle.Key{"id": 3}); err != nil {
					t.Fatalf("purge as janitor: %v", err)
				}
				if err := d.purge(janitor, e.p.Table("order_lines"), lifecycle.Key{"order_id": 1, "n": 2}); err != nil {
					t.Fatalf("purge a composite key: %v", err)
				}
				// A purge's action is its own transaction's: a hard delete
				// after it, on whichever connection, is a hard_delete.
				e.through(t, tombstone.HardDelete(tombstone.OnlyDeleted(janitor, "customers")), "DELETE FROM customers WHERE id = 4")
				wantState := expected{}
				wantState.set(false, "customers 1", "customers 2", "order_lines 1-1")
				wantState.set(true, "customers 5", "order_lines 2-1")
				if diff := cmp.Diff(wantState.list(), e.state(t)); diff != "" {
					t.Errorf("state after the purges (-want +got):\n%s", diff)
				}
				wantAudit := []string{
					`alex|tombstone|customers|{"id":1}`, `alex|tombstone|customers|{"id":2}`, `alex|tombstone|customers|{"id":4}`,
					`sam|tombstone|customers|{"id":3}`, `maya|restore|customers|{"id":2}`, `kim|tombstone|customers|{"id":2}`,
					`alex|tombstone|order_lines|{"n":1,"order_id":1}`, `alex|tombstone|order_lines|{"n":2,"order_id":1}`,
					`jo|purge|customers|{"id":3}`, `jo|purge|order_lines|{"n":2,"order_id":1}`,
					`jo|hard_delete|customers|{"id":4}`,
				}
				sort.Strings(wantAudit)
				if diff := cmp.Diff(wantAudit, e.audit(t)); diff != "" {
					t.Errorf("audit trail (-want +got):\n%s", diff)
				}
				var reasons []string
				rows, err := e.plain.Query("SELECT COALESCE(reason, '') FROM tombstone_audit WHERE action = 'purge'")
				if err != nil {
					t.Fatal(err)
				}
				defer rows.Close()
				for rows.Next() {
					var r string
					if err := rows.Scan(&r); err != nil {
						t.Fatal(err)
					}
					reasons = append(reasons, r)
				}
				if err := rows.Err(); err != nil {
					t.Fatal(err)
				}
				if diff := cmp.Diff([]string{"cleanup", "cleanup"}, reasons); diff != "" {
					t.Errorf("the purge rows' reasons (-want +got):\n%s", diff)
				}
				// tombstone report counts the purges as purges, the
				// application's deletes as deletes.
				rep, err := review.Gather(context.Background(), e.plain, e.p, e.dialect)
				if err != nil {
					t.Fatal(err)
				}
				var wantCounts, gotCounts review.Month
				for _, a := range wantAudit {
					switch strings.Split(a, "|")[1] {
					case "purge":
						wantCounts.Purges++
					case "tombstone", "hard_delete":
						wantCounts.Deletes++
					case "restore":
						wantCounts.Restores++
					}
				}
				for _, m := range rep.Monthly {
					gotCounts.Purges += m.Purges
					gotCounts.Deletes += m.Deletes
					gotCounts.Restores += m.Restores
				}
				if diff := cmp.Diff(wantCounts, gotCounts); diff != "" {
					t.Errorf("tombstone report's counts (-want +got):\n%s", diff)
				}
			})
		}
	}
}

// storeDoor is a front door to the store of examples/store: its statements,
// restores, erasures and listing of customers' tombstones all go through
// it.
type storeDoor struct {
	name    string
	exec    func(ctx context.Context, q string) error
	restore func(ctx context.Context, t *policy.Table, k lifecycle.Key) error
	erase   func(ctx context.Context, sub lifecycle.Subject, opts ...lifecycle.Option) error
	list    func(ctx context.Context) ([]lifecycle.Tombstone[int], error)
}

func storeDoorOf[D lifecycle.Database](name string, db D, dialect string, p *policy.Policy, exec func(ctx context.Context, q string) error) storeDoor {
	return storeDoor{
		name: name,
		exec: exec,
		restore: func(ctx context.Context, t *policy.Table, k lifecycle.Key) error {
			return lifecycle.Restore(ctx, db, dialect, t, k)
		},
		erase: func(ctx context.Context, sub lifecycle.Subject, opts ...lifecycle.Option) error {
			_, err := lifecycle.Erase(ctx, db, p, dialect, sub, opts...)
			return err
		},
		list: func(ctx context.Context) ([]lifecycle.Tombstone[int], error) {
			return lifecycle.Tombstones(ctx, db, dialect, p, "customers", func(k *int) []any { return []any{k} })
		},
	}
}

// TestTombstonesLatestTombstoning lists the store's deleted customers after
// histories that each end differently, through every front door on every
// server: deleted, restored and deleted again by another actor; deleted,
// restored and then erased while live (the erasure tombstones the row and
// records only an erase row); deleted and then erased as a tombstone;
// erased while live; and tombstoned beneath tombstone before the trail
// existed (no audit row: empty DeletedBy and Reason, no error). The test
// keeps its own record of who last tombstoned or erased each key, and reads
// which rows are tombstones from the tables without tombstone.
func TestTombstonesLatestTombstoning(t *testing.T) {
	for _, e := range storeDBs(t, moreRows) {
		doors := []storeDoor{storeDoorOf("database/sql", e.enf, e.dialect, e.p, func(ctx context.Context, q string) error {
			_, err := e.enf.ExecContext(ctx, q)
			return err
		})}
		if e.dialect == "postgres" {
			cfg, err := pgxpool.ParseConfig(e.url)
			if err != nil {
				t.Fatal(err)
			}
			pool, err := tombstonepgx.NewPool(context.Background(), cfg, e.p, tombstone.WithLogger(slog.New(slog.DiscardHandler)))
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(pool.Close)
			doors = append(doors, storeDoorOf("pgx", pool, "", e.p, func(ctx context.Context, q string) error {
				_, err := pool.Exec(ctx, q)
				return err
			}))
		}
		// last is the test's record of each key's latest tombstoning or
		// erasure: actor and reason. Rows the test or the seed tombstoned
		// beneath tombstone have none.
		last := map[int][2]string{}
		for i, d := range doors {
			t.Run(e.dialect+"/"+d.name, func(t *testing.T) {
				base := 100 * (i + 1)
				id := func(n int) int { return base + n }
				var rows []string
				for n := 1; n <= 6; n++ {
					deleted := "NULL"
					if n == 5 {
						// Tombstoned before the trail existed: an INSERT
						// writes no audit row.
						deleted = "'2026-06-02 10:00:00'"
					}
					rows = append(rows, fmt.Sprintf("(%d, 'c%d', 'c%d@example.com', '2026-06-01 10:00:00', %s)", id(n), id(n), id(n), deleted))
				}
				e.exec(t, "INSERT INTO customers (id, name, email, created_at, deleted_at) VALUES "+strings.Join(rows, ", "))
				var trail int
				if err := e.plain.QueryRow(fmt.Sprintf("SELECT count(*) FROM tombstone_audit WHERE row_key LIKE '%%%d}'", id(5))).Scan(&trail); err != nil || trail != 0 {
					t.Fatalf("customer %d has %d audit rows (%v); the test needs a tombstone without any", id(5), trail, err)
				}

				as := func(actor, reason string) context.Context {
					return tombstone.WithActor(context.Background(), actor, reason)
				}
				del := func(actor, reason string, n int) {
					t.Helper()
					if err := d.exec(as(actor, reason), fmt.Sprintf("DELETE FROM customers WHERE id = %d", id(n))); err != nil {
						t.Fatalf("%s deletes customer %d: %v", actor, id(n), err)
					}
					last[id(n)] = [2]string{actor, reason}
				}
				customers := e.p.Table("customers")
				restore := func(n int) {
					t.Helper()
					ctx := tombstone.WithRole(as("maya", "asked back"), "manager")
					if err := d.restore(ctx, customers, lifecycle.Key{"id": id(n)}); err != nil {
						t.Fatalf("restore customer %d: %v", id(n), err)
					}
					// A restore is no tombstoning: the listing does not
					// show a live row, and its record is the next one.
				}
				erase := func(n int) {
					t.Helper()
					reason := fmt.Sprintf("request %d", id(n))
					sub := lifecycle.Subject{Kind: "customer", ID: fmt.Sprint(id(n))}
					if err := d.erase(context.Background(), sub, lifecycle.WithRole("privacy"), lifecycle.WithActor("privacy-desk"), lifecycle.WithReason(reason)); err != nil {
						t.Fatalf("erase customer %d: %v", id(n), err)
					}
					last[id(n)] = [2]string{"privacy-desk", reason}
				}

				del("alex", "gone", 1)
				restore(1)
				del("kim", "again", 1)

				del("alex", "gone", 2)
				restore(2)
				erase(2) // live: the erasure tombstones it, recording erase only

				del("sam", "duplicate", 3)
				erase(3) // a tombstone: anonymized, recorded as erase

				erase(4) // live, never deleted before

				// Customer 6 stays live.

				got, err := d.list(tombstone.WithRole(context.Background(), "manager"))
				if err != nil {
					t.Fatal(err)
				}
				var want []lifecycle.Tombstone[int]
				for _, k := range e.tombstoned(t) {
					by := last[k]
					want = append(want, lifecycle.Tombstone[int]{Key: k, DeletedBy: by[0], Reason: by[1]})
				}
				if len(want) < 5 {
					t.Fatalf("only %d tombstones in customers: %v", len(want), want)
				}
				if diff := cmp.Diff(want, got, cmpopts.IgnoreFields(lifecycle.Tombstone[int]{}, "DeletedAt")); diff != "" {
					t.Errorf("customers' tombstones (-want +got):\n%s", diff)
				}
				for _, ts := range got {
					if ts.DeletedAt.IsZero() {
						t.Errorf("customer %d: DeletedAt is zero for a timestamp marker", ts.Key)
					}
				}
			})
		}
	}
}

// tombstoned is the keys of the customers that are tombstones, read
// without tombstone, in key order.
func (e *db) tombstoned(t *testing.T) []int {
	t.Helper()
	rows, err := e.plain.Query("SELECT id FROM customers WHERE deleted_at IS NOT NULL ORDER BY id")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []int
	for rows.Next() {
		var k int
		if err := rows.Scan(&k); err != nil {
			t.Fatal(err)
		}
		out = append(out, k)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestTombstonesLimit lists the most tombstones a call may, 10,000 of
// 10,005, through every front door on every server: the audit query binds
// one key per listed row, and every second row's audit row, written
// beneath tombstone with the key rendered as the triggers render it, names
// its deleter; a limit outside 1 to 10,000 is refused before any query.
func TestTombstonesLimit(t *testing.T) {
	const n, limit = 10005, 10000
	for _, e := range databasesWith(t, purgePolicy) {
		// MariaDB stops a recursion at 1,000 rows: a square of two.
		nums := "WITH RECURSIVE d(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM d WHERE i < 999) SELECT a.i * 1000 + b.i + 1 AS id FROM d a CROSS JOIN d b"
		rowKey := map[string]string{
			"postgres": "CAST(jsonb_build_object('id', id) AS text)",
			"mysql":    "CAST(JSON_OBJECT('id', id) AS CHAR)",
			"sqlite":   "json_object('id', id)",
		}[e.dialect]
		e.exec(t,
			"INSERT INTO customers (id, name, deleted_at) SELECT id, 'c', "+e.at(1767323045, false)+" FROM ("+nums+") AS n WHERE id <= "+fmt.Sprint(n),
			"INSERT INTO customers (id, name) VALUES (20000, 'live')",
			"INSERT INTO tombstone_audit (actor, reason, action, table_name, row_key) SELECT 'bulk', CONCAT('r', id), 'tombstone', 'customers', "+rowKey+" FROM customers WHERE id % 2 = 0")
		var want []lifecycle.Tombstone[int]
		for id := 1; id <= limit; id++ {
			ts := lifecycle.Tombstone[int]{Key: id, DeletedAt: time.Unix(1767323045, 0).UTC()}
			if id%2 == 0 {
				ts.DeletedBy, ts.Reason = "bulk", fmt.Sprint("r", id)
			}
			want = append(want, ts)
		}
		list := map[string]func(ctx context.Context, opts ...lifecycle.ListOption) ([]lifecycle.Tombstone[int], error){
			"database/sql": func(ctx context.Context, opts ...lifecycle.ListOption) ([]lifecycle.Tombstone[int], error) {
				return lifecycle.Tombstones(ctx, e.enf, e.dialect, e.p, "customers", func(k *int) []any { return []any{k} }, opts...)
			},
		}
		if e.dialect == "postgres" {
			cfg, err := pgxpool.ParseConfig(e.url)
			if err != nil {
				t.Fatal(err)
			}
			pool, err := tombstonepgx.NewPool(context.Background(), cfg, e.p, tombstone.WithLogger(slog.New(slog.DiscardHandler)))
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(pool.Close)
			list["pgx"] = func(ctx context.Context, opts ...lifecycle.ListOption) ([]lifecycle.Tombstone[int], error) {
				return lifecycle.Tombstones(ctx, pool, "", e.p, "customers", func(k *int) []any { return []any{k} }, opts...)
			}
		}
		for name, l := range list {
			t.Run(e.dialect+"/"+name, func(t *testing.T) {
				manager := tombstone.WithRole(context.Background(), "manager")
				got, err := l(manager, lifecycle.Limit(limit))
				if err != nil {
					t.Fatal(err)
				}
				if diff := cmp.Diff(want, got); diff != "" {
					t.Errorf("the first %d tombstones (-want +got):\n%s", limit, diff)
				}
				for _, bad := range []int{0, -1, limit + 1} {
					if _, err := l(manager, lifecycle.Limit(bad)); err == nil || !strings.Contains(err.Error(), "use 1 to 10000 rows") {
						t.Errorf("limit %d: err = %v, want the limit refused", bad, err)
					}
				}
			})
		}
	}
}
