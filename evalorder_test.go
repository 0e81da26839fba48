package tombstone_test

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"path/filepath"
	"strings"
	"testing"

	"github.com/go-sql-driver/mysql"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
	"modernc.org/sqlite"

	"github.com/tombstone-sql/tombstone"
	"github.com/tombstone-sql/tombstone/internal/testdb"
)

// The evaluation-order tests: a statement whose own expressions fail on
// (or copy out) a tombstone's values must run through tombstone as it runs
// on D', the same data without tombstones: no error, nothing copied. Each
// soft table holds one live row and one tombstone named secret; the
// caller's expression accepts the live row's name and fails on secret,
// with an error that quotes it.

const secret = "SECRET"

// evalPolicy governs one soft table per marker kind.
const evalPolicy = `version: 1
tables:
  ts_people:
    delete: soft
    column: deleted_at
    marker: timestamp
    restore_window: 30d
  flag_people:
    delete: soft
    column: is_deleted
    marker: flag
  unix_people:
    delete: soft
    column: deleted_unix
    marker: unix
    restore_window: 30d
`

// evalTables are the soft tables, one per marker, with how each
// tombstones a row and tells a tombstone.
var evalTables = []struct{ name, tombstoned, isTombstone string }{
	{"ts_people", "deleted_at = CURRENT_TIMESTAMP", "deleted_at IS NOT NULL"},
	{"flag_people", "is_deleted = TRUE", "is_deleted IS TRUE"},
	{"unix_people", "deleted_unix = 1767225600", "deleted_unix <> 0"},
}

// evalEnv loads the tables (live row 1 named live, tombstone 2 named
// secret, and pets 1 and 2 owned by them) and returns the database raw
// and through tombstone.
func evalEnv(t *testing.T, dialect, live string) (raw, db *sql.DB) {
	t.Helper()
	p, err := tombstone.ParsePolicy("eval.yaml", []byte(evalPolicy))
	if err != nil {
		t.Fatal(err)
	}
	var base driver.Connector
	ts, flag := "timestamp NULL", "boolean NOT NULL DEFAULT FALSE"
	switch dialect {
	case "postgres":
		dsn, _ := testdb.PostgresSchema(t)
		raw = open(t, "pgx", dsn)
		cfg, err := pgx.ParseConfig(dsn)
		if err != nil {
			t.Fatal(err)
		}
		base = stdlib.GetConnector(*cfg)
	case "mysql":
		dsn, _ := testdb.MySQLDatabase(t, "")
		raw = open(t, "mysql", dsn)
		cfg, err := mysql.ParseDSN(dsn)
		if err != nil {
			t.Fatal(err)
		}
		if base, err = mysql.NewConnector(cfg); err != nil {
			t.Fatal(err)
		}
		ts = "datetime(6) NULL"
	case "sqlite":
		dsn := "file:" + filepath.Join(t.TempDir(), "eval.db")
		raw = open(t, "sqlite", dsn)
		base = dsnConnector{dsn: dsn, drv: &sqlite.Driver{}}
		flag = "integer NOT NULL DEFAULT 0"
	}
	stmts := []string{
		"CREATE TABLE ts_people (id int PRIMARY KEY, name varchar(40) NOT NULL, deleted_at " + ts + ")",
		"CREATE TABLE flag_people (id int PRIMARY KEY, name varchar(40) NOT NULL, is_deleted " + flag + ")",
		"CREATE TABLE unix_people (id int PRIMARY KEY, name varchar(40) NOT NULL, deleted_unix bigint NOT NULL DEFAULT 0)",
		"CREATE TABLE pets (id int PRIMARY KEY, owner_id int NOT NULL)",
		"INSERT INTO pets VALUES (1, 1), (2, 2)",
	}
	for _, tb := range evalTables {
		stmts = append(stmts,
			"INSERT INTO "+tb.name+" (id, name) VALUES (1, '"+live+"'), (2, '"+secret+"')",
			"UPDATE "+tb.name+" SET "+tb.tombstoned+" WHERE id = 2")
	}
	for _, s := range stmts {
		if _, err := raw.Exec(s); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
	}
	c, err := tombstone.NewConnector(base, p, quiet(), tombstone.WithDialect(dialect))
	if err != nil {
		t.Fatal(err)
	}
	db = sql.OpenDB(c)
	t.Cleanup(func() { db.Close() })
	return raw, db
}

// run executes q on conn, reading any rows, and fails the test if it
// errs: on D' the caller's expression never meets the tombstone, so it
// cannot fail; an error quoting secret shows the tombstone reached it.
func run(t *testing.T, ctx context.Context, conn *sql.Conn, q string) {
	t.Helper()
	rows, err := conn.QueryContext(ctx, q)
	if err == nil {
		for rows.Next() {
		}
		err = rows.Err()
		rows.Close()
	}
	if err != nil {
		leak := ""
		if strings.Contains(err.Error(), secret[:4]) {
			leak = " (the tombstone's value reached the caller's expression)"
		}
		t.Errorf("%s: %v%s", q, err, leak)
	}
}

// attacks renders each statement for table tb; expr(col) is the caller's
// expression on a name column.
func attacks(tb string, expr func(col string) string) []string {
	return []string{
		"SELECT id FROM " + tb + " WHERE " + expr("name"),
		"SELECT id FROM " + tb + " WHERE " + expr("name") + " AND id = 2",
		"UPDATE " + tb + " SET name = name WHERE " + expr("name"),
		"DELETE FROM " + tb + " WHERE NOT (" + expr("name") + ")",
		"SELECT id FROM pets WHERE owner_id IN (SELECT id FROM " + tb + " WHERE " + expr("name") + ")",
		"SELECT p.id FROM pets p WHERE EXISTS (SELECT 1 FROM " + tb + " t WHERE t.id = p.owner_id AND " + expr("t.name") + ")",
		"SELECT p.id FROM pets p JOIN " + tb + " t ON " + expr("t.name") + " AND t.id = p.owner_id",
		"SELECT p.id FROM pets p JOIN " + tb + " t ON t.id = p.owner_id WHERE " + expr("t.name"),
		"SELECT p.id FROM " + tb + " t JOIN pets p ON t.id = p.owner_id WHERE " + expr("t.name"),
	}
}

// TestEvaluationOrderPostgres: to_date(name, 'YYYY') costs one operator,
// as much as the old unix test, which the planner also moved behind it;
// a cast in ON CONFLICT DO UPDATE WHERE is evaluated in written order.
func TestEvaluationOrderPostgres(t *testing.T) {
	raw, db := evalEnv(t, "postgres", "2024")
	ctx := context.Background()
	conn, err := db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	expr := func(col string) string { return "to_date(" + col + ", 'YYYY') IS NOT NULL" }
	for _, tb := range evalTables {
		t.Run(tb.name, func(t *testing.T) {
			for _, q := range attacks(tb.name, expr) {
				run(t, ctx, conn, q)
			}
			run(t, ctx, conn, "MERGE INTO "+tb.name+" t USING pets p ON "+expr("t.name")+" AND t.id = p.owner_id WHEN MATCHED THEN UPDATE SET name = t.name")
			run(t, ctx, conn, "INSERT INTO "+tb.name+" (id, name) VALUES (2, 'x') ON CONFLICT (id) DO UPDATE SET name = excluded.name WHERE "+tb.name+".name::int = 0")
			run(t, ctx, conn, "INSERT INTO "+tb.name+" AS t (id, name) VALUES (2, 'x') ON CONFLICT (id) DO UPDATE SET name = excluded.name WHERE t.name::int = 0 OR t.name::int = 1")
		})
	}
	checkUntouched(t, raw)
}

// TestEvaluationOrderMySQL: user variables and GET_LOCK are side effects
// that carry a value out of the statement; MariaDB evaluates the WHERE
// before an inner join's ON, and a key lookup reads the row at once.
func TestEvaluationOrderMySQL(t *testing.T) {
	raw, db := evalEnv(t, "mysql", "live")
	ctx := context.Background()
	conn, err := db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	for _, tb := range evalTables {
		t.Run(tb.name, func(t *testing.T) {
			set := func(col string) string { return "(@v := " + col + ") IS NOT NULL" }
			lock := func(col string) string { return "GET_LOCK(" + col + ", 0) = 1" }
			for _, q := range append(attacks(tb.name, set), attacks(tb.name, lock)...) {
				if _, err := conn.ExecContext(ctx, "SET @v = NULL"); err != nil {
					t.Fatal(err)
				}
				run(t, ctx, conn, q)
				var v sql.NullString
				var locked sql.NullInt64
				if err := conn.QueryRowContext(ctx, "SELECT @v, IS_USED_LOCK('"+secret+"')").Scan(&v, &locked); err != nil {
					t.Fatal(err)
				}
				if v.String == secret || locked.Valid {
					t.Errorf("%s: the tombstone's name reached the caller's expression (@v = %q, lock on it held: %v)", q, v.String, locked.Valid)
				}
				if _, err := conn.ExecContext(ctx, "DO RELEASE_ALL_LOCKS()"); err != nil {
					t.Fatal(err)
				}
			}
			if tb.name != "unix_people" {
				// A WHERE that rejects the join's NULLs makes it an inner
				// join, whose ON MariaDB evaluates after the WHERE.
				q := "SELECT p.id FROM pets p LEFT JOIN " + tb.name + " t ON t.id = p.owner_id WHERE t.id > 0 AND (@v := t.name) IS NOT NULL"
				run(t, ctx, conn, q)
				var v sql.NullString
				if err := conn.QueryRowContext(ctx, "SELECT @v").Scan(&v); err != nil {
					t.Fatal(err)
				}
				if v.String == secret {
					t.Errorf("%s: @v = %q", q, v.String)
				}
			}
		})
	}
	checkUntouched(t, raw)
}

// TestEvaluationOrderSQLite: json_extract fails on a path that is not one
// and quotes it; SQLite appends an inner join's ON to the WHERE.
func TestEvaluationOrderSQLite(t *testing.T) {
	raw, db := evalEnv(t, "sqlite", "$.a")
	ctx := context.Background()
	conn, err := db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	expr := func(col string) string { return "json_extract('{}', " + col + ") IS NULL" }
	for _, tb := range evalTables {
		t.Run(tb.name, func(t *testing.T) {
			for _, q := range attacks(tb.name, expr) {
				run(t, ctx, conn, q)
			}
			run(t, ctx, conn, "INSERT INTO "+tb.name+" (id, name) VALUES (2, '$.b') ON CONFLICT DO UPDATE SET name = excluded.name WHERE "+expr(tb.name+".name"))
			if tb.name != "unix_people" {
				run(t, ctx, conn, "SELECT p.id FROM pets p LEFT JOIN "+tb.name+" t ON t.id = p.owner_id WHERE t.id > 0 AND "+expr("t.name"))
			}
		})
	}
	checkUntouched(t, raw)
}

// checkUntouched: the tombstones are as they were (name and marker).
func checkUntouched(t *testing.T, raw *sql.DB) {
	t.Helper()
	for _, tb := range evalTables {
		var name string
		q := "SELECT name FROM " + tb.name + " WHERE id = 2 AND " + tb.isTombstone
		if err := raw.QueryRow(q).Scan(&name); err != nil || name != secret {
			t.Errorf("%s: the tombstone changed: name %q, %v", q, name, err)
		}
	}
}
