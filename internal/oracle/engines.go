package oracle

import (
	"database/sql"
	"testing"

	"github.com/tombstone-sql/tombstone/internal/rewritetest"
	"github.com/tombstone-sql/tombstone/internal/testdb"
	"github.com/tombstone-sql/tombstone/rewrite/mysql"
	"github.com/tombstone-sql/tombstone/rewrite/postgres"
	"github.com/tombstone-sql/tombstone/schema"
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

// MySQL is the MariaDB engine, on a scratch database of the server at
// 127.0.0.1:3306; params are go-sql-driver/mysql DSN parameters.
func MySQL(params string) Engine {
	return Engine{
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
		// The unique key tombstone migrate emits: the column plus a
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
		// original statement runs without foreign-key checks there. The
		// setting belongs to the session: it is undone afterwards.
		Unchecked: []string{"SET FOREIGN_KEY_CHECKS = 0"},
		Rechecked: []string{"SET FOREIGN_KEY_CHECKS = 1"},
	}
}

// Migrate applies tombstone migrate's DDL for the shared policy to the
// oracle's database (opened with driverName and dsn), skipping statements
// skip names: the oracle's tables already have their tombstone columns and
// keys, and some engines have no sales schema.
func Migrate(t testing.TB, driverName, dsn, dialect string, skip func(sql string) bool) {
	t.Helper()
	raw, err := sql.Open(driverName, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	stmts, err := schema.Migrate(rewritetest.Policy(t), dialect)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range stmts {
		if skip != nil && skip(s.SQL) {
			continue
		}
		if _, err := raw.Exec(s.SQL); err != nil {
			t.Fatalf("%s: %v", s.SQL, err)
		}
	}
}
