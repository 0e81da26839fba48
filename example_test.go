package tombstone_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"log/slog"
	"os"

	"github.com/tombstone-sql/tombstone"
	tsqlite "github.com/tombstone-sql/tombstone/drivers/sqlite"
	"github.com/tombstone-sql/tombstone/policy"
)

// Open the database through tombstone and keep the application's SQL: a
// DELETE of a soft table becomes a tombstone, and reads see live rows only
// unless the context widens the scope.
func ExampleOpenDB() {
	p, err := tombstone.ParsePolicy("tombstone.yaml", []byte(`version: 1
tables:
  customers: {delete: soft, column: deleted_at}
`))
	if err != nil {
		log.Fatal(err)
	}
	db, err := tsqlite.OpenDB("file:example-opendb?mode=memory&cache=shared", p)
	if err != nil {
		log.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()
	db.ExecContext(ctx, "CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT, deleted_at TEXT)")
	db.ExecContext(ctx, "INSERT INTO customers (id, name) VALUES (1, 'Maya'), (2, 'Lee')")

	// Sent as: UPDATE customers SET deleted_at = CURRENT_TIMESTAMP WHERE customers.deleted_at IS NULL AND (id = ?)
	if _, err := db.ExecContext(ctx, "DELETE FROM customers WHERE id = ?", 1); err != nil {
		log.Fatal(err)
	}
	var live, all int
	db.QueryRowContext(ctx, "SELECT count(*) FROM customers").Scan(&live)
	db.QueryRowContext(tombstone.WithDeleted(ctx, "customers"), "SELECT count(*) FROM customers").Scan(&all)
	fmt.Println(live, "live,", all, "with the tombstone")
	// Output:
	// 1 live, 2 with the tombstone
}

// OnlyDeleted shows a table's tombstones alone: a list of what can be
// restored, and an UPDATE that clears the marker restores a row.
func ExampleOnlyDeleted() {
	p, err := tombstone.ParsePolicy("tombstone.yaml", []byte(`version: 1
tables:
  customers: {delete: soft, column: deleted_at}
`))
	if err != nil {
		log.Fatal(err)
	}
	db, err := tsqlite.OpenDB("file:example-onlydeleted?mode=memory&cache=shared", p)
	if err != nil {
		log.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()
	db.ExecContext(ctx, "CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT, deleted_at TEXT)")
	db.ExecContext(ctx, "INSERT INTO customers (id, name) VALUES (1, 'Maya'), (2, 'Lee')")
	db.ExecContext(ctx, "DELETE FROM customers WHERE id = 1")

	deleted := tombstone.OnlyDeleted(ctx, "customers")
	var name string
	db.QueryRowContext(deleted, "SELECT name FROM customers").Scan(&name)
	fmt.Println("deleted:", name)
	res, err := db.ExecContext(deleted, "UPDATE customers SET deleted_at = NULL WHERE id = 1")
	if err != nil {
		log.Fatal(err)
	}
	n, _ := res.RowsAffected()
	fmt.Println("restored:", n)
	// Output:
	// deleted: Maya
	// restored: 1
}

// HardDelete makes a DELETE of a soft table a real one; with OnlyDeleted it
// purges tombstones and leaves live rows alone.
func ExampleHardDelete() {
	p, err := tombstone.ParsePolicy("tombstone.yaml", []byte(`version: 1
tables:
  customers: {delete: soft, column: deleted_at}
`))
	if err != nil {
		log.Fatal(err)
	}
	db, err := tsqlite.OpenDB("file:example-harddelete?mode=memory&cache=shared", p)
	if err != nil {
		log.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()
	db.ExecContext(ctx, "CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT, deleted_at TEXT)")
	db.ExecContext(ctx, "INSERT INTO customers (id, name) VALUES (1, 'Maya'), (2, 'Lee')")
	db.ExecContext(ctx, "DELETE FROM customers WHERE id = 1")

	purge := tombstone.HardDelete(tombstone.OnlyDeleted(ctx, "customers"))
	res, err := db.ExecContext(purge, "DELETE FROM customers")
	if err != nil {
		log.Fatal(err)
	}
	n, _ := res.RowsAffected()
	var left int
	db.QueryRowContext(tombstone.WithDeleted(ctx, "*"), "SELECT count(*) FROM customers").Scan(&left)
	fmt.Println("purged:", n, "rows left:", left)
	// Output:
	// purged: 1 rows left: 1
}

// With roles in the policy, the context's role must allow the scope it
// asks for, or the call fails with ErrForbidden before any SQL is sent.
func ExampleWithRole() {
	p, err := tombstone.ParsePolicy("tombstone.yaml", []byte(`version: 1
roles:
  agent: {}
  manager: {see_deleted: true, restore: true}
tables:
  customers: {delete: soft, column: deleted_at}
`))
	if err != nil {
		log.Fatal(err)
	}
	db, err := tsqlite.OpenDB("file:example-withrole?mode=memory&cache=shared", p)
	if err != nil {
		log.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()
	db.ExecContext(ctx, "CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT, deleted_at TEXT)")

	for _, role := range []string{"agent", "manager"} {
		scoped := tombstone.WithDeleted(tombstone.WithRole(ctx, role), "customers")
		var n int
		err := db.QueryRowContext(scoped, "SELECT count(*) FROM customers").Scan(&n)
		fmt.Println(role, errors.Is(err, tombstone.ErrForbidden))
	}
	// Output:
	// agent true
	// manager false
}

// A DELETE of a retain table is refused with ErrRetained; nothing is sent
// and the row stays.
func ExampleErrRetained() {
	p, err := tombstone.ParsePolicy("tombstone.yaml", []byte(`version: 1
tables:
  invoices: {delete: retain, retention: 7y}
`))
	if err != nil {
		log.Fatal(err)
	}
	db, err := tsqlite.OpenDB("file:example-errretained?mode=memory&cache=shared", p)
	if err != nil {
		log.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()
	db.ExecContext(ctx, "CREATE TABLE invoices (id INTEGER PRIMARY KEY, created_at TEXT)")
	db.ExecContext(ctx, "INSERT INTO invoices VALUES (1, CURRENT_TIMESTAMP)")

	_, err = db.ExecContext(ctx, "DELETE FROM invoices WHERE id = 1")
	fmt.Println(errors.Is(err, tombstone.ErrRetained))
	var n int
	db.QueryRowContext(ctx, "SELECT count(*) FROM invoices").Scan(&n)
	fmt.Println(n, "invoice kept")
	// Output:
	// true
	// 1 invoice kept
}

// Loading reports every problem of a policy file at once, each with its
// file, line, column and key: a policy.ErrorList of *tombstone.PolicyError,
// reachable with errors.As.
func ExampleLoadPolicy() {
	_, err := tombstone.LoadPolicy("testdata/policies/broken.yaml")
	var list policy.ErrorList
	if errors.As(err, &list) {
		for _, e := range list {
			fmt.Printf("line %d: %s\n", e.Line, e.Key)
		}
	}
	// Output:
	// line 3: roles.manager.undelete
	// line 5: tables.customers.column
	// line 7: tables.customers.restore_window
	// line 8: tables.invoices.retention
}

// In shadow mode statements go to the database unchanged and the log says
// what enforcing would have done: the first step of a rollout.
func ExampleWithMode() {
	p, err := tombstone.ParsePolicy("tombstone.yaml", []byte(`version: 1
tables:
  customers: {delete: soft, column: deleted_at}
`))
	if err != nil {
		log.Fatal(err)
	}
	// The log without its time, so the example's output is the same on every run.
	logger := slog.New(slog.NewTextHandler(os.Stdout, &slog.HandlerOptions{
		ReplaceAttr: func(groups []string, a slog.Attr) slog.Attr {
			if a.Key == slog.TimeKey && len(groups) == 0 {
				return slog.Attr{}
			}
			return a
		},
	}))
	db, err := tsqlite.OpenDB("file:example-withmode?mode=memory&cache=shared", p,
		tombstone.WithMode(tombstone.Shadow), tombstone.WithLogger(logger))
	if err != nil {
		log.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()
	db.ExecContext(ctx, "CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT, deleted_at TEXT)")
	db.ExecContext(ctx, "INSERT INTO customers (id, name) VALUES (1, 'Maya'), (2, 'Lee')")

	db.ExecContext(ctx, "DELETE FROM customers WHERE id = 1") // sent as written: Maya is gone
	var n int
	db.QueryRowContext(ctx, "SELECT count(*) FROM customers").Scan(&n)
	fmt.Println(n, "row left")
	// Output:
	// level=WARN msg="tombstone shadow mode" statement=dd4c04ed743f47c1 report="would rewrite it: tombstone customers instead of deleting; filter customers"
	// level=WARN msg="tombstone shadow mode" statement=f2672109b5f79fec report="would rewrite it: filter customers"
	// 1 row left
}
