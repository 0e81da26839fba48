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
