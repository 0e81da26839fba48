package sqlc_test

import (
	"context"
	"database/sql"
	"fmt"
	"log"
	"os"
	"path/filepath"

	"github.com/tombstone-sql/tombstone"
	"github.com/tombstone-sql/tombstone/examples/store"
	storesqlite "github.com/tombstone-sql/tombstone/examples/store/sqlc/sqlite"
	"github.com/tombstone-sql/tombstone/policy"
	"github.com/tombstone-sql/tombstone/schema"
)

// Example_restoreScreen is the store's deleted-customers list and restore
// screen on SQLite, written with the code sqlc and the plugin generated
// into one package: sqlc's queries for the agent's delete and the
// listing, the handle of customers for the rest, typed roles throughout.
func Example_restoreScreen() {
	ctx := context.Background()
	db, p, done := sqliteStore() // the store's rows, opened through tombstone
	defer done()
	q := storesqlite.New(db)
	hs, err := storesqlite.NewTombstoneHandles(db, p)
	if err != nil {
		log.Fatal(err)
	}

	agent := storesqlite.WithRole(tombstone.WithActor(ctx, "ana", "asked to close her account"), storesqlite.RoleAgent)
	if _, err := q.DeleteCustomer(agent, 1); err != nil { // a tombstone, not a delete
		log.Fatal(err)
	}

	manager := storesqlite.WithRole(tombstone.WithActor(ctx, "mia", "she came back"), storesqlite.RoleManager)
	deleted, err := hs.Customers.Tombstones(manager)
	if err != nil {
		log.Fatal(err)
	}
	for _, d := range deleted {
		fmt.Printf("deleted: customer %d by %s (%s)\n", d.Key, d.DeletedBy, d.Reason)
	}
	if err := hs.Customers.Restore(manager, 1); err != nil {
		log.Fatal(err)
	}
	live, err := q.ListCustomers(agent)
	if err != nil {
		log.Fatal(err)
	}
	for _, c := range live {
		fmt.Println("live:", c.ID, c.Name)
	}
	// Output:
	// deleted: customer 1 by ana (asked to close her account)
	// live: 1 Maya
	// live: 2 Sam
	// live: 3 Lee
}

// sqliteStore creates the store (its tables, tombstone's DDL, its rows) in
// a scratch SQLite file and opens it through tombstone with the store's
// policy.
func sqliteStore() (*sql.DB, *policy.Policy, func()) {
	dir, err := os.MkdirTemp("", "store")
	if err != nil {
		log.Fatal(err)
	}
	path := filepath.Join(dir, "store.db")
	p, err := policy.Parse("examples/store/tombstone.yaml", store.Policy)
	if err != nil {
		log.Fatal(err)
	}
	stmts, _ := store.Schema("sqlite")
	ddl, err := schema.Migrate(p, "sqlite")
	if err != nil {
		log.Fatal(err)
	}
	for _, s := range ddl {
		stmts = append(stmts, s.SQL)
	}
	raw, err := sql.Open("sqlite", path)
	if err != nil {
		log.Fatal(err)
	}
	for _, s := range append(stmts, store.Seed()...) {
		if _, err := raw.Exec(s); err != nil {
			log.Fatal(err)
		}
	}
	raw.Close()
	db, err := tombstone.OpenDB("sqlite", path, p, tombstone.WithDialect("sqlite"), quiet)
	if err != nil {
		log.Fatal(err)
	}
	return db, p, func() { db.Close(); os.RemoveAll(dir) }
}
