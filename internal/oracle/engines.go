package oracle

import (
	"database/sql"
	"testing"

	"github.com/tombstone-sql/tombstone/internal/testdb"
	"github.com/tombstone-sql/tombstone/rewrite/postgres"
)

// Postgres is the PostgreSQL engine, on a scratch database of the server
// at 127.0.0.1:5432.
func Postgres() Engine {
	return Engine{
		Dialect: postgres.Dialect{},
		Open: func(t testing.TB) (*sql.DB, string) {
			dsn := testdb.PostgresDatabase(t)
			db, err := sql.Open("pgx", dsn)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { db.Close() })
			return db, dsn
		},
		Type: func(n string) string {
			return map[string]string{"int": "integer", "bigint": "bigint", "text": "text", "timestamp": "timestamp", "bool": "boolean"}[n]
		},
		Bool: func(b bool) string {
			if b {
				return "TRUE"
			}
			return "FALSE"
		},
		CreateSchema: func(name string) []string { return []string{"CREATE SCHEMA " + name} },
		UniqueLive: func(table, column, live string) []string {
			return []string{"CREATE UNIQUE INDEX ON " + table + " (" + column + ") WHERE " + live}
		},
		UniqueAll: func(table, column string) []string {
			return []string{"CREATE UNIQUE INDEX ON " + table + " (" + column + ")"}
		},
		// A tombstone keeps its children; D' has to orphan them, so the
		// original statement runs without foreign-key triggers there.
		Unchecked: []string{"SET LOCAL session_replication_role = replica"},
	}
}
