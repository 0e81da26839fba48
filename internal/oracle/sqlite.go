package oracle

import (
	"database/sql"
	"path/filepath"
	"strings"
	"testing"

	_ "modernc.org/sqlite" // registers "sqlite"

	"github.com/tombstone-sql/tombstone/rewrite/sqlite"
)

// SQLite is the SQLite engine: the SQLite that modernc.org/sqlite embeds,
// on a temporary file. The sales schema is a second file attached as
// "sales"; an attachment belongs to a connection, so the pool holds one
// connection, and a pool opened elsewhere on the DSN must run
// SQLiteAttach(dsn) on each connection.
func SQLite() Engine {
	var dir string
	return Engine{
		Dialect: sqlite.Dialect{},
		Open: func(t testing.TB) (*sql.DB, string) {
			dir = t.TempDir()
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
			return []string{sqliteUniqueIndex(table, column, "live") + " WHERE " + live}
		},
		UniqueAll: func(table, column string) []string {
			return []string{sqliteUniqueIndex(table, column, "all")}
		},
	}
}

// SQLiteAttach returns the statements that attach the oracle's other
// schemas to a connection opened on dsn (the DSN SQLite's Open returned).
func SQLiteAttach(dsn string) []string {
	dir := filepath.Dir(strings.TrimPrefix(dsn, "file:"))
	return []string{"ATTACH DATABASE '" + filepath.Join(dir, "sales.db") + "' AS sales"}
}

// sqliteUniqueIndex returns CREATE UNIQUE INDEX for table(column); SQLite
// puts the schema on the index name, not on the table.
func sqliteUniqueIndex(table, column, suffix string) string {
	schema, name := "", table
	if i := strings.LastIndexByte(table, '.'); i >= 0 {
		schema, name = table[:i+1], table[i+1:]
	}
	idx := strings.Trim(name, `"`) + "_" + strings.Trim(column, `"`) + "_" + suffix
	return "CREATE UNIQUE INDEX " + schema + idx + " ON " + name + " (" + column + ")"
}
