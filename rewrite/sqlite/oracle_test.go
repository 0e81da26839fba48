package sqlite_test

import (
	"database/sql"
	"path/filepath"
	"strings"
	"testing"

	_ "modernc.org/sqlite"

	"github.com/tombstone-sql/tombstone/internal/oracle"
	"github.com/tombstone-sql/tombstone/rewrite/sqlite"
)

// Engine is the SQLite engine of the differential oracle: the embedded
// SQLite of modernc.org/sqlite on a temporary file, with the sales schema
// attached as a second database file. One connection holds the database,
// so the attachment stays.
func Engine(t testing.TB) oracle.Engine {
	dir := t.TempDir()
	return oracle.Engine{
		Dialect: sqlite.Dialect{},
		Open: func(t testing.TB) (*sql.DB, string) {
			dsn := "file:" + filepath.Join(dir, "d.db")
			db, err := sql.Open("sqlite", dsn)
			if err != nil {
				t.Fatal(err)
			}
			db.SetMaxOpenConns(1)
			db.SetConnMaxLifetime(0)
			db.SetConnMaxIdleTime(0)
			t.Cleanup(func() { db.Close() })
			return db, dsn
		},
		Type: func(n string) string {
			return map[string]string{"int": "INTEGER", "bigint": "INTEGER", "text": "TEXT", "timestamp": "TEXT", "bool": "INTEGER"}[n]
		},
		Bool: func(b bool) string {
			if b {
				return "1"
			}
			return "0"
		},
		CreateSchema: func(name string) []string {
			return []string{"ATTACH DATABASE '" + filepath.Join(dir, name+".db") + "' AS " + name}
		},
		UniqueLive: func(table, column, live string) []string {
			return []string{uniqueIndex(table, column, "live") + " WHERE " + live}
		},
		UniqueAll: func(table, column string) []string {
			return []string{uniqueIndex(table, column, "all")}
		},
	}
}

// uniqueIndex returns CREATE UNIQUE INDEX for table(column); SQLite puts
// the schema on the index name, not on the table.
func uniqueIndex(table, column, suffix string) string {
	schema, name := "", table
	if i := strings.LastIndexByte(table, '.'); i >= 0 {
		schema, name = table[:i+1], table[i+1:]
	}
	idx := strings.Trim(name, `"`) + "_" + strings.Trim(column, `"`) + "_" + suffix
	return "CREATE UNIQUE INDEX " + schema + idx + " ON " + name + " (" + column + ")"
}

func TestOracle(t *testing.T) {
	oracle.Run(t, Engine(t), "testdata/oracle/sqlite.sql", 0.75)
}
