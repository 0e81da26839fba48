package postgres_test

import (
	"testing"

	"github.com/tombstone-sql/tombstone/internal/oracle"
)

func TestOracle(t *testing.T) {
	oracle.Run(t, oracle.Postgres(), "testdata/oracle/postgres.sql", 0.75)
}
