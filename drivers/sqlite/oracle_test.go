package sqlite_test

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"log/slog"
	"strings"
	"testing"

	"modernc.org/sqlite"

	"github.com/tombstone-sql/tombstone"
	"github.com/tombstone-sql/tombstone/internal/oracle"
	"github.com/tombstone-sql/tombstone/internal/rewritetest"
)

// attaching opens modernc connections with the oracle's other schemas
// attached: attachments belong to a connection.
type attaching struct {
	base   driver.Driver
	attach []string
}

func (d attaching) Open(dsn string) (driver.Conn, error) {
	c, err := d.base.Open(dsn)
	if err != nil {
		return nil, err
	}
	for _, q := range d.attach {
		if _, err := c.(driver.ExecerContext).ExecContext(context.Background(), q, nil); err != nil {
			c.Close()
			return nil, err
		}
	}
	return c, nil
}

// through opens tombstone over SQLite on the oracle's database, with the
// audit table installed, so every write also fires the per-connection
// audit triggers.
func through(t testing.TB, dsn string) *sql.DB {
	p := rewritetest.Policy(t)
	oracle.Migrate(t, "sqlite", dsn, "sqlite", func(q string) bool { return strings.Contains(q, "ADD COLUMN") || strings.Contains(q, "sales.") })
	base := attaching{base: &sqlite.Driver{}, attach: oracle.SQLiteAttach(dsn)}
	c, err := tombstone.NewDriver(base).Connector(dsn+"?_pragma=busy_timeout(10000)", p,
		tombstone.WithDialect("sqlite"), tombstone.WithLogger(slog.New(slog.DiscardHandler)))
	if err != nil {
		t.Fatal(err)
	}
	db := sql.OpenDB(c)
	db.SetMaxOpenConns(1)
	t.Cleanup(func() { db.Close() })
	return db
}

// TestOracle replays the SQLite oracle corpus through the wrapped modernc
// driver, direct and prepared.
func TestOracle(t *testing.T) {
	for _, prepared := range []bool{false, true} {
		name := "direct"
		if prepared {
			name = "prepared"
		}
		t.Run(name, func(t *testing.T) {
			e := oracle.SQLite()
			e.Through = through
			e.Prepare = prepared
			oracle.Run(t, e, "testdata/oracle/sqlite.sql", 0.75)
		})
	}
}
