package mysql_test

import (
	"testing"

	"github.com/tombstone-sql/tombstone/internal/oracle"
)

// TestOracle runs the corpus on MariaDB with the driver's default: rows
// affected counts changed rows.
func TestOracle(t *testing.T) {
	oracle.Run(t, oracle.MySQL(""), "testdata/oracle/mysql.sql", 0.75)
}

// TestOracleFoundRows runs it again with clientFoundRows=true: rows
// affected counts matched rows.
func TestOracleFoundRows(t *testing.T) {
	oracle.Run(t, oracle.MySQL("clientFoundRows=true"), "testdata/oracle/mysql.sql", 0.75)
}
