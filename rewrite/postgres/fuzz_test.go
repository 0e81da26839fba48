package postgres_test

import (
	"testing"

	pg "github.com/pganalyze/pg_query_go/v5"

	"github.com/tombstone-sql/tombstone/internal/rewritetest"
	"github.com/tombstone-sql/tombstone/rewrite"
	"github.com/tombstone-sql/tombstone/rewrite/postgres"
)

// FuzzRewrite checks, for any input: no panic; a rewrite that succeeds
// parses, is idempotent, and leaves input that touches no governed table
// byte for byte as it was.
func FuzzRewrite(f *testing.F) {
	rewritetest.Seed(f, "postgres")
	rw := rewrite.New(rewritetest.Policy(f), postgres.Dialect{})
	f.Fuzz(func(t *testing.T, sql string) {
		rewritetest.Check(t, rw, sql, func(out string) error {
			_, err := pg.Parse(out)
			return err
		})
	})
}
