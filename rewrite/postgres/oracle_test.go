package postgres_test

import (
	"database/sql"
	"testing"

	"github.com/tombstone-sql/tombstone/internal/oracle"
	"github.com/tombstone-sql/tombstone/internal/testdb"
	"github.com/tombstone-sql/tombstone/rewrite/postgres"
)

// Engine is the PostgreSQL engine of the differential oracle.
func Engine() oracle.Engine {
	return oracle.Engine{
		Dialect: postgres.Dialect{},
		Open: func(t testing.TB) *sql.DB {
			db, err := sql.Open("pgx", testdb.PostgresDatabase(t))
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { db.Close() })
			return db
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

func TestOracle(t *testing.T) {
	oracle.Run(t, Engine(), "testdata/oracle/postgres.sql", 0.75)
}
