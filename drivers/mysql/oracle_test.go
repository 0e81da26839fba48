package mysql_test

import (
	"database/sql"
	"log/slog"
	"strings"
	"testing"

	"github.com/go-sql-driver/mysql"

	"github.com/tombstone-sql/tombstone"
	tmysql "github.com/tombstone-sql/tombstone/drivers/mysql"
	"github.com/tombstone-sql/tombstone/internal/oracle"
	"github.com/tombstone-sql/tombstone/internal/rewritetest"
)

// through opens tombstone-mysql on the oracle's database, with the audit
// trail installed, so every write of the corpus also fires its triggers.
func through(t testing.TB, dsn string) *sql.DB {
	p := rewritetest.Policy(t)
	oracle.Migrate(t, "mysql", dsn, "mysql", func(q string) bool { return strings.Contains(q, "sales.") })
	cfg, err := mysql.ParseDSN(dsn)
	if err != nil {
		t.Fatal(err)
	}
	db, err := tmysql.OpenDB(cfg, p, tombstone.WithLogger(slog.New(slog.DiscardHandler)))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// TestOracle replays the MySQL oracle corpus through the wrapped
// go-sql-driver/mysql, direct and prepared, under both rows-affected
// conventions.
func TestOracle(t *testing.T) {
	for _, params := range []string{"", "clientFoundRows=true"} {
		for _, prepared := range []bool{false, true} {
			name := "direct"
			if prepared {
				name = "prepared"
			}
			if params != "" {
				name += "-foundrows"
			}
			t.Run(name, func(t *testing.T) {
				e := oracle.MySQL(params)
				e.Through = through
				e.Prepare = prepared
				oracle.Run(t, e, "testdata/oracle/mysql.sql", 0.75)
			})
		}
	}
}
