package lifecycle_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"

	"github.com/tombstone-sql/tombstone"
	"github.com/tombstone-sql/tombstone/lifecycle"
	"github.com/tombstone-sql/tombstone/schema"
)

// Restore one tombstone inside its window, and see one past it refused;
// both are in the audit trail.
func ExampleRestore() {
	p, err := tombstone.ParsePolicy("tombstone.yaml", []byte(`version: 1
audit: {table: tombstone_audit}
tables:
  customers: {delete: soft, column: deleted_at, restore_window: 30d}
`))
	if err != nil {
		panic(err)
	}
	dir, _ := os.MkdirTemp("", "restore")
	defer os.RemoveAll(dir)
	dsn := "file:" + filepath.Join(dir, "shop.db")

	// The schema, as tombstone migrate prints it, and two customers.
	plain, _ := sql.Open("sqlite", dsn)
	defer plain.Close()
	plain.Exec("CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT)")
	ddl, _ := schema.Migrate(p, "sqlite")
	for _, s := range ddl {
		plain.Exec(s.SQL)
	}
	plain.Exec("INSERT INTO customers (id, name) VALUES (1, 'Maya'), (2, 'Sam')")

	db, err := tombstone.OpenDB("sqlite", dsn, p, tombstone.WithLogger(slog.New(slog.DiscardHandler)))
	if err != nil {
		panic(err)
	}
	defer db.Close()
	ctx := tombstone.WithActor(context.Background(), "maya", "changed her mind")
	db.ExecContext(ctx, "DELETE FROM customers")
	// Sam was deleted long ago (the test ages the row by hand).
	plain.Exec("UPDATE customers SET deleted_at = datetime('now', '-90 days') WHERE id = 2")

	t := p.Table("customers")
	fmt.Println(lifecycle.Restore(ctx, db, "sqlite", t, lifecycle.Key{"id": 1}))
	err = lifecycle.Restore(ctx, db, "sqlite", t, lifecycle.Key{"id": 2})
	fmt.Println(errors.Is(err, tombstone.ErrWindowClosed))

	// The audit trail has the restore and the refused one.
	rows, _ := plain.Query("SELECT action, row_key FROM tombstone_audit WHERE action <> 'tombstone' ORDER BY id")
	defer rows.Close()
	for rows.Next() {
		var action, key string
		rows.Scan(&action, &key)
		fmt.Println(action, key)
	}
	// Output:
	// <nil>
	// true
	// restore {"id":1}
	// restore_refused {"id":2}
}
