package sqlc_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"path/filepath"
	"sort"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/jackc/pgx/v5/pgxpool"
	_ "modernc.org/sqlite" // the "sqlite" driver

	"github.com/tombstone-sql/tombstone"
	tombstonepgx "github.com/tombstone-sql/tombstone/drivers/pgx"
	"github.com/tombstone-sql/tombstone/examples/store"
	storemysql "github.com/tombstone-sql/tombstone/examples/store/sqlc/mysql"
	storepg "github.com/tombstone-sql/tombstone/examples/store/sqlc/postgres"
	storesqlite "github.com/tombstone-sql/tombstone/examples/store/sqlc/sqlite"
	"github.com/tombstone-sql/tombstone/internal/testdb"
	"github.com/tombstone-sql/tombstone/lifecycle"
	"github.com/tombstone-sql/tombstone/schema"
)

// app is the store application of one dialect as its code calls it:
// sqlc's queries for the everyday reads and deletes, the generated
// handles for the restore screen, the deleted-customers list and purging,
// and the generated typed roles. raw is a plain connection, beside
// tombstone, that the test reads the truth from.
type app struct {
	dialect        string
	raw            *sql.DB
	deleteCustomer func(ctx context.Context, id int) (int64, error)
	deleteTicket   func(ctx context.Context, id int) (int64, error)
	customers      func(ctx context.Context) ([]int, error)
	withDeleted    func(ctx context.Context) context.Context
	restore        func(ctx context.Context, id int) error
	deleted        func(ctx context.Context) ([]lifecycle.Tombstone[int], error)
	purgeTicket    func(ctx context.Context, id int) error
	// erase is the erasure screen, TombstoneHandles.EraseCustomer; nil on
	// the pgx flavour, which has no erasure handle (lifecycle.Erase takes a
	// *sql.DB).
	erase func(ctx context.Context, id int, role, reason string) error
	role  map[string]func(context.Context) context.Context
}

// load creates the store's tables with tombstone's full DDL and its rows,
// beside tombstone.
func load(t *testing.T, dialect string, raw *sql.DB) {
	t.Helper()
	stmts, err := store.Schema(dialect)
	if err != nil {
		t.Fatal(err)
	}
	ddl, err := schema.Migrate(storePolicy(t), dialect)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range ddl {
		stmts = append(stmts, s.SQL)
	}
	for _, s := range append(stmts, store.Seed()...) {
		if _, err := raw.Exec(s); err != nil {
			t.Fatalf("%s: %s: %v", dialect, s, err)
		}
	}
}

func ids[R any](rows []R, err error, id func(R) int) ([]int, error) {
	var out []int
	for _, r := range rows {
		out = append(out, id(r))
	}
	return out, err
}

func keyed[K int32 | int64](ts []lifecycle.Tombstone[K], err error) ([]lifecycle.Tombstone[int], error) {
	var out []lifecycle.Tombstone[int]
	for _, x := range ts {
		out = append(out, lifecycle.Tombstone[int]{Key: int(x.Key), DeletedAt: x.DeletedAt, DeletedBy: x.DeletedBy, Reason: x.Reason})
	}
	return out, err
}

var quiet = tombstone.WithLogger(slog.New(slog.DiscardHandler))

func postgresApp(t *testing.T) *app {
	dsn, _ := testdb.PostgresSchema(t)
	raw, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { raw.Close() })
	load(t, "postgres", raw)
	cfg, err := pgxpool.ParseConfig(dsn)
	if err != nil {
		t.Fatal(err)
	}
	p := storePolicy(t)
	pool, err := tombstonepgx.NewPool(context.Background(), cfg, p, quiet)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(pool.Close)
	q := storepg.New(pool)
	hs, err := storepg.NewTombstoneHandles(pool, p)
	if err != nil {
		t.Fatal(err)
	}
	return &app{
		dialect:        "postgres",
		raw:            raw,
		deleteCustomer: func(ctx context.Context, id int) (int64, error) { return q.DeleteCustomer(ctx, int32(id)) },
		deleteTicket:   func(ctx context.Context, id int) (int64, error) { return q.DeleteTicket(ctx, int32(id)) },
		customers: func(ctx context.Context) ([]int, error) {
			rows, err := q.ListCustomers(ctx)
			return ids(rows, err, func(r storepg.ListCustomersRow) int { return int(r.ID) })
		},
		withDeleted: hs.Customers.WithDeleted,
		restore:     func(ctx context.Context, id int) error { return hs.Customers.Restore(ctx, int32(id)) },
		deleted: func(ctx context.Context) ([]lifecycle.Tombstone[int], error) {
			return keyed(hs.Customers.Tombstones(ctx))
		},
		purgeTicket: func(ctx context.Context, id int) error { return hs.SupportTickets.Purge(ctx, int32(id)) },
		role: map[string]func(context.Context) context.Context{
			"agent":   func(ctx context.Context) context.Context { return storepg.WithRole(ctx, storepg.RoleAgent) },
			"manager": func(ctx context.Context) context.Context { return storepg.WithRole(ctx, storepg.RoleManager) },
			"privacy": func(ctx context.Context) context.Context { return storepg.WithRole(ctx, storepg.RolePrivacy) },
		},
	}
}

func mysqlApp(t *testing.T) *app {
	dsn, _ := testdb.MySQLDatabase(t, "parseTime=true")
	raw, err := sql.Open("mysql", dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { raw.Close() })
	load(t, "mysql", raw)
	p := storePolicy(t)
	db, err := tombstone.OpenDB("mysql", dsn, p, tombstone.WithDialect("mysql"), quiet)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	q := storemysql.New(db)
	hs, err := storemysql.NewTombstoneHandles(db, p)
	if err != nil {
		t.Fatal(err)
	}
	return &app{
		dialect:        "mysql",
		raw:            raw,
		deleteCustomer: func(ctx context.Context, id int) (int64, error) { return q.DeleteCustomer(ctx, int32(id)) },
		deleteTicket:   func(ctx context.Context, id int) (int64, error) { return q.DeleteTicket(ctx, int32(id)) },
		customers: func(ctx context.Context) ([]int, error) {
			rows, err := q.ListCustomers(ctx)
			return ids(rows, err, func(r storemysql.ListCustomersRow) int { return int(r.ID) })
		},
		withDeleted: hs.Customers.WithDeleted,
		restore:     func(ctx context.Context, id int) error { return hs.Customers.Restore(ctx, int32(id)) },
		deleted: func(ctx context.Context) ([]lifecycle.Tombstone[int], error) {
			return keyed(hs.Customers.Tombstones(ctx))
		},
		purgeTicket: func(ctx context.Context, id int) error { return hs.SupportTickets.Purge(ctx, int32(id)) },
		erase: func(ctx context.Context, id int, role, reason string) error {
			r := map[string]storemysql.TombstoneRole{"manager": storemysql.RoleManager, "privacy": storemysql.RolePrivacy}[role]
			_, err := hs.EraseCustomer(ctx, fmt.Sprint(id), lifecycle.WithActor("pat"), lifecycle.WithReason(reason), r.JobRole())
			return err
		},
		role: map[string]func(context.Context) context.Context{
			"agent":   func(ctx context.Context) context.Context { return storemysql.WithRole(ctx, storemysql.RoleAgent) },
			"manager": func(ctx context.Context) context.Context { return storemysql.WithRole(ctx, storemysql.RoleManager) },
			"privacy": func(ctx context.Context) context.Context { return storemysql.WithRole(ctx, storemysql.RolePrivacy) },
		},
	}
}

func sqliteApp(t *testing.T) *app {
	dsn := "file:" + filepath.Join(t.TempDir(), "store.db") + "?_pragma=busy_timeout(10000)"
	raw, err := sql.Open("sqlite", dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { raw.Close() })
	load(t, "sqlite", raw)
	p := storePolicy(t)
	db, err := tombstone.OpenDB("sqlite", dsn, p, tombstone.WithDialect("sqlite"), quiet)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	q := storesqlite.New(db)
	hs, err := storesqlite.NewTombstoneHandles(db, p)
	if err != nil {
		t.Fatal(err)
	}
	return &app{
		dialect:        "sqlite",
		raw:            raw,
		deleteCustomer: func(ctx context.Context, id int) (int64, error) { return q.DeleteCustomer(ctx, int64(id)) },
		deleteTicket:   func(ctx context.Context, id int) (int64, error) { return q.DeleteTicket(ctx, int64(id)) },
		customers: func(ctx context.Context) ([]int, error) {
			rows, err := q.ListCustomers(ctx)
			return ids(rows, err, func(r storesqlite.ListCustomersRow) int { return int(r.ID) })
		},
		withDeleted: hs.Customers.WithDeleted,
		restore:     func(ctx context.Context, id int) error { return hs.Customers.Restore(ctx, int64(id)) },
		deleted: func(ctx context.Context) ([]lifecycle.Tombstone[int], error) {
			return keyed(hs.Customers.Tombstones(ctx))
		},
		purgeTicket: func(ctx context.Context, id int) error { return hs.SupportTickets.Purge(ctx, int64(id)) },
		erase: func(ctx context.Context, id int, role, reason string) error {
			r := map[string]storesqlite.TombstoneRole{"manager": storesqlite.RoleManager, "privacy": storesqlite.RolePrivacy}[role]
			_, err := hs.EraseCustomer(ctx, fmt.Sprint(id), lifecycle.WithActor("pat"), lifecycle.WithReason(reason), r.JobRole())
			return err
		},
		role: map[string]func(context.Context) context.Context{
			"agent":   func(ctx context.Context) context.Context { return storesqlite.WithRole(ctx, storesqlite.RoleAgent) },
			"manager": func(ctx context.Context) context.Context { return storesqlite.WithRole(ctx, storesqlite.RoleManager) },
			"privacy": func(ctx context.Context) context.Context { return storesqlite.WithRole(ctx, storesqlite.RolePrivacy) },
		},
	}
}

// at is a unix time as the dialect's SQL writes it into the store's
// deleted_at column.
func (a *app) at(unix int64) string {
	switch a.dialect {
	case "postgres":
		return fmt.Sprintf("to_timestamp(%d)", unix)
	case "mysql":
		return fmt.Sprintf("FROM_UNIXTIME(%d)", unix)
	}
	return fmt.Sprintf("datetime(%d, 'unixepoch')", unix)
}

func (a *app) exec(t *testing.T, q string) {
	t.Helper()
	if _, err := a.raw.Exec(q); err != nil {
		t.Fatalf("%s: %s: %v", a.dialect, q, err)
	}
}

// rows reads table's ids with whether each is live, beside tombstone.
func (a *app) rows(t *testing.T, table string) map[int]bool {
	t.Helper()
	live := "1"
	if table != "invoices" && table != "leads" {
		live = "CASE WHEN deleted_at IS NULL THEN 1 ELSE 0 END"
	}
	rs, err := a.raw.Query("SELECT id, " + live + " FROM " + table)
	if err != nil {
		t.Fatal(err)
	}
	defer rs.Close()
	out := map[int]bool{}
	for rs.Next() {
		var id, l int
		if err := rs.Scan(&id, &l); err != nil {
			t.Fatal(err)
		}
		out[id] = l == 1
	}
	if err := rs.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestStoreScreens drives the store's screens through the generated code
// on each server: agents delete through sqlc's queries (tombstones, with
// the actor in the audit trail), the deleted-customers list is
// CustomersHandle.Tombstones, the restore screen CustomersHandle.Restore,
// and the privacy team purges a ticket with SupportTicketsHandle.Purge.
// The expected tables and listing are built from what the test did, and
// every table is read back beside tombstone after each step; refusals
// leave the tables as they were.
func TestStoreScreens(t *testing.T) {
	for _, tc := range []struct {
		dialect string
		open    func(*testing.T) *app
	}{{"postgres", postgresApp}, {"mysql", mysqlApp}, {"sqlite", sqliteApp}} {
		t.Run(tc.dialect, func(t *testing.T) {
			a := tc.open(t)
			bg := context.Background()
			as := func(role, actor, reason string) context.Context {
				return a.role[role](tombstone.WithActor(bg, actor, reason))
			}
			// The oracle: the store's seed rows, all live.
			want := map[string]map[int]bool{
				"customers":       {1: true, 2: true, 3: true},
				"support_tickets": {201: true, 202: true},
				"invoices":        {101: true, 102: true},
				"leads":           {301: true, 302: true},
			}
			check := func(step string) {
				t.Helper()
				for table, w := range want {
					if diff := cmp.Diff(w, a.rows(t, table)); diff != "" {
						t.Errorf("after %s, %s (-want +got live):\n%s", step, table, diff)
					}
				}
			}
			check("loading")

			// Agents delete through sqlc's generated queries.
			for _, d := range []struct {
				id            int
				actor, reason string
			}{{1, "ana", "asked to close her account"}, {2, "ben", "duplicate"}} {
				n, err := a.deleteCustomer(as("agent", d.actor, d.reason), d.id)
				if err != nil || n != 1 {
					t.Fatalf("DeleteCustomer(%d) = %d, %v", d.id, n, err)
				}
				want["customers"][d.id] = false
			}
			if n, err := a.deleteTicket(as("agent", "ana", "resolved"), 201); err != nil || n != 1 {
				t.Fatalf("DeleteTicket(201) = %d, %v", n, err)
			}
			want["support_tickets"][201] = false
			check("the agents' deletes")
			if got, err := a.customers(as("agent", "ana", "")); err != nil || !cmp.Equal(got, []int{3}) {
				t.Errorf("ListCustomers as agent = %v, %v; want the live customer 3", got, err)
			}

			// Known deletion times, set beneath tombstone: Maya's two days
			// ago, inside the 30-day window; Sam's 31 days ago, outside.
			now := time.Now().Unix()
			when := map[int]int64{1: now - 2*86400, 2: now - 31*86400}
			for id, at := range when {
				a.exec(t, fmt.Sprintf("UPDATE customers SET deleted_at = %s WHERE id = %d", a.at(at), id))
			}

			// The deleted-customers list.
			wantList := []lifecycle.Tombstone[int]{
				{Key: 1, DeletedAt: time.Unix(when[1], 0).UTC(), DeletedBy: "ana", Reason: "asked to close her account"},
				{Key: 2, DeletedAt: time.Unix(when[2], 0).UTC(), DeletedBy: "ben", Reason: "duplicate"},
			}
			got, err := a.deleted(as("manager", "mia", ""))
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(wantList, got); diff != "" {
				t.Errorf("deleted customers (-want +got):\n%s", diff)
			}
			if _, err := a.deleted(as("agent", "ana", "")); !errors.Is(err, tombstone.ErrForbidden) {
				t.Errorf("deleted customers as agent: %v, want tombstone.ErrForbidden", err)
			}

			// The restore screen.
			for _, r := range []struct {
				role string
				id   int
				err  error
			}{
				{"agent", 1, tombstone.ErrForbidden},
				{"manager", 2, tombstone.ErrWindowClosed},
				{"manager", 3, tombstone.ErrNotDeleted},
				{"manager", 9, tombstone.ErrNoRow},
			} {
				if err := a.restore(as(r.role, "mia", "restore screen"), r.id); !errors.Is(err, r.err) {
					t.Errorf("Restore(%d) as %s: %v, want %v", r.id, r.role, err, r.err)
				}
			}
			check("the refused restores")
			if err := a.restore(as("manager", "mia", "she came back"), 1); err != nil {
				t.Fatalf("Restore(1) as manager: %v", err)
			}
			want["customers"][1] = true
			check("restoring customer 1")
			if got, err := a.customers(as("agent", "ana", "")); err != nil || !cmp.Equal(got, []int{1, 3}) {
				t.Errorf("ListCustomers as agent = %v, %v; want 1 and 3", got, err)
			}
			if got, err := a.customers(a.withDeleted(as("manager", "mia", ""))); err != nil || !cmp.Equal(got, []int{1, 2, 3}) {
				t.Errorf("ListCustomers with deleted as manager = %v, %v; want 1, 2 and 3", got, err)
			}
			got, err = a.deleted(as("manager", "mia", ""))
			if err != nil || len(got) != 1 || got[0].Key != 2 {
				t.Errorf("deleted customers after the restore: %v, %v; want customer 2 only", got, err)
			}

			// Purging a ticket: the manager may not, privacy may.
			if err := a.purgeTicket(as("manager", "mia", ""), 201); !errors.Is(err, tombstone.ErrForbidden) {
				t.Errorf("Purge(201) as manager: %v, want tombstone.ErrForbidden", err)
			}
			if err := a.purgeTicket(as("privacy", "pat", "customer asked"), 202); !errors.Is(err, tombstone.ErrNotDeleted) {
				t.Errorf("Purge(202), a live ticket: %v, want tombstone.ErrNotDeleted", err)
			}
			check("the refused purges")
			if err := a.purgeTicket(as("privacy", "pat", "customer asked"), 201); err != nil {
				t.Fatalf("Purge(201) as privacy: %v", err)
			}
			delete(want["support_tickets"], 201)
			check("purging ticket 201")

			// The erasure screen: Maya's data goes, her invoice stays for its
			// retention with the billing name anonymized, and her row can no
			// longer be restored.
			if a.erase != nil {
				if err := a.erase(bg, 1, "manager", "GDPR request 7"); !errors.Is(err, tombstone.ErrForbidden) {
					t.Errorf("EraseCustomer as manager: %v, want tombstone.ErrForbidden", err)
				}
				check("the refused erasure")
				if err := a.erase(bg, 1, "privacy", "GDPR request 7"); err != nil {
					t.Fatalf("EraseCustomer(1): %v", err)
				}
				want["customers"][1] = false
				check("erasing customer 1")
				var name, email string
				var phone sql.NullString
				if err := a.raw.QueryRow("SELECT name, email, phone FROM customers WHERE id = 1").Scan(&name, &email, &phone); err != nil {
					t.Fatal(err)
				}
				if got, want := []any{name, email, phone.Valid}, []any{"(anonymized)", "anonymized-1@example.invalid", false}; !cmp.Equal(got, want) {
					t.Errorf("customer 1 after the erasure: %v, want %v", got, want)
				}
				var billing string
				if err := a.raw.QueryRow("SELECT billing_name FROM invoices WHERE id = 101").Scan(&billing); err != nil || billing != "(anonymized)" {
					t.Errorf("invoice 101's billing name after the erasure: %q, %v", billing, err)
				}
				if err := a.restore(as("manager", "mia", "she came back"), 1); !errors.Is(err, lifecycle.ErrErased) {
					t.Errorf("Restore of an erased customer: %v, want lifecycle.ErrErased", err)
				}
				check("the refused restore of an erased row")
			}

			// The audit trail names who did each change. lifecycle.Purge
			// deletes beneath no job, so its row is a hard_delete (only
			// tombstone expire records purge or expire); the restore refused
			// past its window is recorded too.
			var trail []string
			rs, err := a.raw.Query("SELECT action, table_name, COALESCE(actor, '') FROM tombstone_audit ORDER BY id")
			if err != nil {
				t.Fatal(err)
			}
			defer rs.Close()
			for rs.Next() {
				var act, table, actor string
				if err := rs.Scan(&act, &table, &actor); err != nil {
					t.Fatal(err)
				}
				trail = append(trail, act+" "+table+" "+actor)
			}
			wantTrail := []string{
				"tombstone customers ana", "tombstone customers ben", "tombstone support_tickets ana",
				"restore_refused customers mia", "restore customers mia", "purge support_tickets pat", // Purge records its own action
			}
			if a.erase != nil {
				// The refused restore of the erased row is recorded too.
				wantTrail = append(wantTrail, "erase customers pat", "erase invoices pat", "restore_refused customers mia")
			}
			sort.Strings(trail)
			sort.Strings(wantTrail)
			if diff := cmp.Diff(wantTrail, trail); diff != "" {
				t.Errorf("audit trail (-want +got):\n%s", diff)
			}
		})
	}
}
