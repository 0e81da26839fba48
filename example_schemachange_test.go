package tombstone_test

import (
	"context"
	"errors"
	"fmt"
	"log/slog"

	"github.com/tombstone-sql/tombstone"
	tsqlite "github.com/tombstone-sql/tombstone/drivers/sqlite"
)

// DDL that drops a governed table is refused, except in the schema-changes
// scope of a migration.
func ExampleAllowSchemaChanges() {
	p, err := tombstone.ParsePolicy("tombstone.yaml", []byte("version: 1\ntables:\n  invoices:\n    delete: retain\n    retention: 7y\n"))
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
	if _, err := db.ExecContext(ctx, "CREATE TABLE invoices (id INTEGER PRIMARY KEY)"); err != nil {
		panic(err)
	}
	_, err = db.ExecContext(ctx, "DROP TABLE invoices")
	fmt.Println(errors.Is(err, tombstone.ErrSchemaChange))
	_, err = db.ExecContext(tombstone.AllowSchemaChanges(ctx), "DROP TABLE invoices")
	fmt.Println(err)
	// Output:
	// true
	// <nil>
}
