package lifecycle_test

import (
	"context"
	"database/sql"
	"fmt"
	"log"
	"os"
	"path/filepath"

	_ "modernc.org/sqlite" // the "sqlite" driver

	"github.com/tombstone-sql/tombstone"
	"github.com/tombstone-sql/tombstone/lifecycle"
	"github.com/tombstone-sql/tombstone/schema"
)

// A scheduler of the team's own calls Expire, here once: the ticket
// deleted 20 days ago is past its 14-day window and purged; the one
// deleted yesterday can still be restored.
func ExampleExpire() {
	p, err := tombstone.ParsePolicy("tombstone.yaml", []byte(`version: 1
audit: {table: tombstone_audit}
tables:
  support_tickets: {delete: soft, column: deleted_at, restore_window: 14d, after_window: purge}
`))
	if err != nil {
		log.Fatal(err)
	}
	dir, err := os.MkdirTemp("", "expire-example-")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	dsn := "file:" + filepath.Join(dir, "app.db")

	// The application's table, tombstone migrate's DDL and two tombstones.
	setup, err := sql.Open("sqlite", dsn)
	if err != nil {
		log.Fatal(err)
	}
	defer setup.Close()
	ddl, _ := schema.Migrate(p, "sqlite")
	stmts := []string{"CREATE TABLE support_tickets (id INTEGER PRIMARY KEY, subject TEXT NOT NULL)"}
	for _, s := range ddl {
		stmts = append(stmts, s.SQL)
	}
	stmts = append(stmts, "INSERT INTO support_tickets VALUES (1, 'old', datetime('now', '-20 days')), (2, 'recent', datetime('now', '-1 day'))")
	for _, s := range stmts {
		if _, err := setup.Exec(s); err != nil {
			log.Fatal(err)
		}
	}

	// The job: the application's own pool through tombstone.
	db, err := tombstone.OpenDB("sqlite", dsn, p)
	if err != nil {
		log.Fatal(err)
	}
	defer db.Close()
	rep, err := lifecycle.Expire(context.Background(), db, p, "sqlite", lifecycle.WithActor("nightly job"))
	if err != nil {
		log.Fatal(err)
	}
	for _, s := range rep.Steps {
		fmt.Printf("%s: %s %d row(s), %s\n", s.Table, s.Action, s.Rows, s.Rule)
	}
	var actor, action, key string
	if err := setup.QueryRow("SELECT actor, action, row_key FROM tombstone_audit").Scan(&actor, &action, &key); err != nil {
		log.Fatal(err)
	}
	fmt.Println("audit:", actor, action, key)
	// Output:
	// support_tickets: purge 1 row(s), restore window of 14 days ended
	// audit: nightly job purge {"id":1}
}
