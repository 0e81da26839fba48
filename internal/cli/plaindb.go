package cli

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/tombstone-sql/tombstone/internal/dburl"
)

// reviewTimeout bounds report and doctor: every query of theirs only
// reads, and a database that answers none of them in this time is reported.
const reviewTimeout = 5 * time.Minute

// openPlain opens the --dsn database with the plain driver, for commands
// that only read it (report, doctor): tombstone's driver would hide the
// tombstones they count. A SQLite file must exist and is opened read-only.
func (e *env) openPlain(cmd, dsn string) (*sql.DB, string, bool) {
	raw, err := dburl.FromEnv(dsn)
	if err != nil {
		fmt.Fprintf(e.stderr, "tombstone %s: %v\n", cmd, err)
		return nil, "", false
	}
	t, err := dburl.Parse(raw)
	if err != nil {
		fmt.Fprintf(e.stderr, "tombstone %s: %v\n", cmd, err)
		return nil, "", false
	}
	if t.Dialect == "sqlite" {
		path, query, _ := strings.Cut(strings.TrimPrefix(t.DSN, "file:"), "?")
		if _, err := os.Stat(path); err != nil {
			fmt.Fprintf(e.stderr, "tombstone %s: %v; give the path of the application's SQLite database\n", cmd, err)
			return nil, "", false
		}
		if query != "" {
			query += "&"
		}
		t.DSN = "file:" + path + "?" + query + "mode=ro"
	}
	db, err := sql.Open(t.Driver, t.DSN)
	if err != nil {
		fmt.Fprintf(e.stderr, "tombstone %s: %v\n", cmd, err)
		return nil, "", false
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		fmt.Fprintf(e.stderr, "tombstone %s: cannot reach the database: %s\n", cmd, oneLine(err.Error()))
		return nil, "", false
	}
	return db, t.Dialect, true
}
