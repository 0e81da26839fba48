package mysql_test

import (
	"database/sql"
	"testing"

	"github.com/tombstone-sql/tombstone/internal/oracle"
	"github.com/tombstone-sql/tombstone/internal/testdb"
	"github.com/tombstone-sql/tombstone/rewrite/mysql"
)

// Engine is the MariaDB engine of the differential oracle; params are
// go-sql-driver/mysql DSN parameters.
func Engine(params string) oracle.Engine {
	return oracle.Engine{
		Dialect: mysql.Dialect{},
		Open: func(t testing.TB) (*sql.DB, string) {
			dsn, _ := testdb.MySQLDatabase(t, params)
			db, err := sql.Open("mysql", dsn)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { db.Close() })
			return db, dsn
		},
		Type: func(n string) string {
			return map[string]string{"int": "INT", "bigint": "BIGINT", "text": "VARCHAR(255)", "timestamp": "DATETIME(6)", "bool": "BOOLEAN"}[n]
		},
		Bool: func(b bool) string {
			if b {
				return "TRUE"
			}
			return "FALSE"
		},
		// MySQL's schemas are databases: schema-qualified tables are left
		// out, since a test owns one scratch database.
		CreateSchema: nil,
		// The unique key tombstone migrate emits (made INVISIBLE here): the column plus a
		// generated column that is NULL on tombstones, so tombstones never
		// conflict. D' needs no other key: all its rows are live. (A plain
		// unique key would take ALTER TABLE, which commits the transaction
		// D' lives in.)
		UniqueLive: func(table, column, live string) []string {
			return []string{
				"ALTER TABLE " + table + " ADD COLUMN tombstone_live TINYINT AS (IF(" + live + ", 1, NULL)) STORED INVISIBLE",
				"ALTER TABLE " + table + " ADD UNIQUE KEY " + column + "_live (" + column + ", tombstone_live)",
			}
		},
		// A tombstone keeps its children; D' has to orphan them, so the
		// original statement runs without foreign-key checks there.
		Unchecked: []string{"SET FOREIGN_KEY_CHECKS = 0"},
	}
}

// TestOracle runs the corpus on MariaDB with the driver's default: rows
// affected counts changed rows.
func TestOracle(t *testing.T) {
	oracle.Run(t, Engine(""), "testdata/oracle/mysql.sql", 0.75)
}

// TestOracleFoundRows runs it again with clientFoundRows=true: rows
// affected counts matched rows.
func TestOracleFoundRows(t *testing.T) {
	oracle.Run(t, Engine("clientFoundRows=true"), "testdata/oracle/mysql.sql", 0.75)
}
