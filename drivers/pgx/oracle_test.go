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
	"github.com/tombstone-sql/tombstone/schema"
)

// through opens tombstone-pgx on the oracle's database, with the audit
// trail installed, so every write of the corpus also fires its triggers.
func through(t testing.TB, dsn string) *sql.DB {
	p := rewritetest.Policy(t)
	raw, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	stmts, err := schema.Migrate(p, "postgres")
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range stmts {
		if _, err := raw.Exec(s.SQL); err != nil {
			t.Fatalf("%s: %v", s.SQL, err)
		}
	}
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
