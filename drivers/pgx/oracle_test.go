package pgx_test

import (
	"database/sql"
	"log/slog"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/tombstone-sql/tombstone"
	tpgx "github.com/tombstone-sql/tombstone/drivers/pgx"
	"github.com/tombstone-sql/tombstone/internal/oracle"
	"github.com/tombstone-sql/tombstone/internal/rewritetest"
)

// through opens tombstone-pgx on the oracle's database, with the audit
// trail installed, so every write of the corpus also fires its triggers.
func through(t testing.TB, dsn string) *sql.DB {
	p := rewritetest.Policy(t)
	oracle.Migrate(t, "pgx", dsn, "postgres", nil)
	cfg, err := pgx.ParseConfig(dsn)
	if err != nil {
		t.Fatal(err)
	}
	db, err := tpgx.OpenDB(*cfg, p, tombstone.WithLogger(slog.New(slog.DiscardHandler)))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// TestOracle replays the PostgreSQL oracle corpus through the wrapped pgx
// driver, direct and prepared.
func TestOracle(t *testing.T) {
	for _, prepared := range []bool{false, true} {
		name := "direct"
		if prepared {
			name = "prepared"
		}
		t.Run(name, func(t *testing.T) {
			e := oracle.Postgres()
			e.Through = through
			e.Prepare = prepared
			oracle.Run(t, e, "testdata/oracle/postgres.sql", 0.75)
		})
	}
}
