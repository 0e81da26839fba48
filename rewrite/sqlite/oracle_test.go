package sqlite_test

import (
	"testing"

	"github.com/tombstone-sql/tombstone/internal/oracle"
)

// TestOracle runs the SQLite corpus on embedded SQLite (modernc.org/sqlite).
func TestOracle(t *testing.T) {
	oracle.Run(t, oracle.SQLite(), "testdata/oracle/sqlite.sql", 0.75)
}
