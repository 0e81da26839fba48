package tombstone_test

import (
	"context"
	"fmt"
	"log/slog"
	"os"

	"github.com/tombstone-sql/tombstone"
	tsqlite "github.com/tombstone-sql/tombstone/drivers/sqlite"
)

// A statement sent again and again in a widened scope is logged at INFO
// the first time and at DEBUG after; a refusal is logged at WARN every
// time.
func ExampleWithLogger() {
	p, err := tombstone.ParsePolicy("tombstone.yaml", []byte(`version: 1
tables:
  customers: {delete: soft, column: deleted_at}
  invoices: {delete: retain, retention: 7y}
`))
	if err != nil {
		panic(err)
	}
	// Text records without the time, so the output is the same every run.
	log := slog.New(slog.NewTextHandler(os.Stdout, &slog.HandlerOptions{
		Level: slog.LevelInfo,
		ReplaceAttr: func(groups []string, a slog.Attr) slog.Attr {
			if a.Key == slog.TimeKey || a.Key == "statement" {
				return slog.Attr{}
			}
			return a
		},
	}))
	db, err := tsqlite.OpenDB("file::memory:", p, tombstone.WithLogger(log))
	if err != nil {
		panic(err)
	}
	defer db.Close()
	db.SetMaxOpenConns(1) // one in-memory database
	ctx := tombstone.WithActor(context.Background(), "mo", "review")
	db.ExecContext(ctx, "CREATE TABLE customers (id INTEGER PRIMARY KEY, deleted_at TEXT)")
	db.ExecContext(ctx, "CREATE TABLE invoices (id INTEGER PRIMARY KEY)")
	for i := 0; i < 3; i++ {
		db.QueryRowContext(tombstone.OnlyDeleted(ctx, "customers"), "SELECT count(*) FROM customers").Scan(new(int))
	}
	for i := 0; i < 2; i++ {
		_, err = db.ExecContext(ctx, "DELETE FROM invoices")
	}
	fmt.Println(err != nil)
	// Output:
	// level=INFO msg="tombstone widened scope" actor=mo scope="only-deleted=customers"
	// level=WARN msg="tombstone refused a statement" actor=mo table=invoices error="tombstone: DELETE on invoices refused: invoices is a retain table (kept for 7 years); its rows cannot be deleted (line 1, column 13)"
	// level=WARN msg="tombstone refused a statement" actor=mo table=invoices error="tombstone: DELETE on invoices refused: invoices is a retain table (kept for 7 years); its rows cannot be deleted (line 1, column 13)"
	// true
}
