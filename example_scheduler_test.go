package tombstone_test

import (
	"context"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"time"

	"github.com/tombstone-sql/tombstone"
	tsqlite "github.com/tombstone-sql/tombstone/drivers/sqlite"
	"github.com/tombstone-sql/tombstone/lifecycle"
)

// The application's own scheduler runs the policy's timed rules: once at
// start, then once a day until the application stops. Here the ticket
// deleted 20 days ago is past its 14-day window and purged; the one
// deleted yesterday stays restorable.
func Example_scheduler() {
	p, err := tombstone.ParsePolicy("tombstone.yaml", []byte(`version: 1
tables:
  support_tickets: {delete: soft, column: deleted_at, restore_window: 14d, after_window: purge}
`))
	if err != nil {
		log.Fatal(err)
	}
	dir, err := os.MkdirTemp("", "scheduler-example-")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	db, err := tsqlite.OpenDB("file:"+filepath.Join(dir, "app.db"), p)
	if err != nil {
		log.Fatal(err)
	}
	defer db.Close()
	db.Exec("CREATE TABLE support_tickets (id INTEGER PRIMARY KEY, subject TEXT, deleted_at TEXT)")
	db.Exec("INSERT INTO support_tickets VALUES (1, 'old', datetime('now', '-20 days')), (2, 'recent', datetime('now', '-1 day'))")

	ctx, stop := context.WithCancel(context.Background())
	defer stop()
	daily := time.NewTicker(24 * time.Hour)
	defer daily.Stop()
	for {
		rep, err := lifecycle.Expire(ctx, db, p, "sqlite", lifecycle.WithActor("app scheduler"))
		if err != nil {
			log.Print("tombstone expire stopped: ", err) // committed batches stay; the next run carries on
		}
		if rep != nil { // what was committed, also when the run stopped partway
			for _, s := range rep.Steps {
				fmt.Printf("%s: %s %d row(s), %s\n", s.Table, s.Action, s.Rows, s.Rule)
			}
		}
		stop() // the example stops after its first run; an application stops at shutdown
		select {
		case <-ctx.Done():
			return
		case <-daily.C:
		}
	}
	// Output:
	// support_tickets: purge 1 row(s), restore window of 14 days ended
}
