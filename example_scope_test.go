package tombstone_test

import (
	"context"
	"errors"
	"fmt"
	"log/slog"

	"github.com/tombstone-sql/tombstone"
	tsqlite "github.com/tombstone-sql/tombstone/drivers/sqlite"
)

// OnlyDeleted with no table names lists the tombstones of every soft
// table; a name the policy does not govern is refused on every statement,
// with the nearest soft table.
func ExampleOnlyDeleted_everySoftTable() {
	p, err := tombstone.ParsePolicy("tombstone.yaml", []byte("version: 1\ntables:\n  customers: {delete: soft, column: deleted_at}\n"))
	if err != nil {
		panic(err)
	}
	db, err := tsqlite.OpenDB("file::memory:", p, tombstone.WithLogger(slog.New(slog.DiscardHandler)))
	if err != nil {
		panic(err)
	}
	defer db.Close()
	db.SetMaxOpenConns(1) // one in-memory database
	ctx := context.Background()
	db.ExecContext(ctx, "CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT, deleted_at TEXT)")
	db.ExecContext(ctx, "INSERT INTO customers (id, name) VALUES (1, 'Maya'), (2, 'Sam')")
	db.ExecContext(ctx, "DELETE FROM customers WHERE id = 2")

	var name string
	db.QueryRowContext(tombstone.OnlyDeleted(ctx), "SELECT name FROM customers").Scan(&name)
	fmt.Println(name)

	_, err = db.ExecContext(tombstone.OnlyDeleted(ctx, "custmers"), "SELECT 1")
	fmt.Println(errors.Is(err, tombstone.ErrScope))
	fmt.Println(err)
	// Output:
	// Sam
	// true
	// tombstone: bad scope: only-deleted "custmers": the policy does not govern a table named "custmers"; did you mean customers? (the soft tables are customers, or "*" for all)
}
