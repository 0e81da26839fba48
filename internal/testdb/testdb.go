// Package testdb starts tests from the real database servers: PostgreSQL at
// 127.0.0.1:5432 and MariaDB at 127.0.0.1:3306, each test in a scratch
// schema or database of its own that is dropped when the test ends.
//
// Outside CI an unreachable server skips the test with one line saying how
// to start it; under CI=true it fails the test.
package testdb

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"os"
	"testing"
	"time"

	_ "github.com/go-sql-driver/mysql" // the "mysql" driver
	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" driver
)

// Addresses of the servers, overridable for other machines.
var (
	PostgresDSN = env("TOMBSTONE_POSTGRES_DSN", "postgres://postgres@127.0.0.1:5432/tombstone_test?sslmode=disable")
	MySQLDSN    = env("TOMBSTONE_MYSQL_DSN", "root@tcp(127.0.0.1:3306)/")
)

func env(key, def string) string {
	if v := os.Getenv(key); v != "" {
		return v
	}
	return def
}

// InCI reports whether database tests must run (CI=true).
func InCI() bool { return os.Getenv("CI") == "true" }

func unreachable(t testing.TB, server, start string, err error) {
	t.Helper()
	if InCI() {
		t.Fatalf("%s is not reachable under CI=true: %v", server, err)
	}
	t.Skipf("skipping: %s is not reachable (%v); start it with: %s", server, err, start)
}

// Name returns a fresh scratch name with the given prefix.
func Name(prefix string) string {
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	return prefix + hex.EncodeToString(b)
}

// PostgresSchema creates a scratch schema on the PostgreSQL server and
// returns a DSN whose search_path is that schema, plus the schema name. The
// schema is dropped when the test ends.
func PostgresSchema(t testing.TB) (dsn, schema string) {
	t.Helper()
	ensurePostgresDatabase(t)
	admin := open(t, "pgx", PostgresDSN, "PostgreSQL at 127.0.0.1:5432", pgStart)
	schema = Name("t_")
	if _, err := admin.Exec("CREATE SCHEMA " + schema); err != nil {
		t.Fatalf("create scratch schema: %v", err)
	}
	t.Cleanup(func() {
		if _, err := admin.Exec("DROP SCHEMA " + schema + " CASCADE"); err != nil {
			t.Errorf("drop scratch schema %s: %v", schema, err)
		}
		admin.Close()
	})
	return PostgresDSN + "&search_path=" + schema, schema
}

const pgStart = "pg_ctlcluster --skip-systemctl-redirect 15 main start"

// ensurePostgresDatabase creates the tests' database when it is missing, so
// `go test` works on a server .ci/run has not prepared.
func ensurePostgresDatabase(t testing.TB) {
	t.Helper()
	if os.Getenv("TOMBSTONE_POSTGRES_DSN") != "" {
		return
	}
	db := open(t, "pgx", "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable", "PostgreSQL at 127.0.0.1:5432", pgStart)
	defer db.Close()
	var n int
	if err := db.QueryRow("SELECT count(*) FROM pg_database WHERE datname = 'tombstone_test'").Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n == 0 {
		// Another test package may win the race; its database is as good.
		_, _ = db.Exec("CREATE DATABASE tombstone_test")
	}
}

// PostgresDatabase creates a scratch database on the PostgreSQL server
// and returns a DSN for it; it is dropped when the test ends. Use it when a
// test needs schemas of its own.
func PostgresDatabase(t testing.TB) string {
	t.Helper()
	admin := open(t, "pgx", "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable", "PostgreSQL at 127.0.0.1:5432", pgStart)
	name := Name("t_")
	if _, err := admin.Exec("CREATE DATABASE " + name); err != nil {
		t.Fatalf("create scratch database: %v", err)
	}
	t.Cleanup(func() {
		if _, err := admin.Exec("DROP DATABASE " + name + " WITH (FORCE)"); err != nil {
			t.Errorf("drop scratch database %s: %v", name, err)
		}
		admin.Close()
	})
	return "postgres://postgres@127.0.0.1:5432/" + name + "?sslmode=disable"
}

// Postgres returns a pool on a scratch schema of the PostgreSQL server.
func Postgres(t testing.TB) *sql.DB {
	t.Helper()
	dsn, _ := PostgresSchema(t)
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// MySQLDatabase creates a scratch database on the MariaDB server and returns
// a DSN for it (with params appended, e.g. "clientFoundRows=true"), plus the
// database name. The database is dropped when the test ends.
func MySQLDatabase(t testing.TB, params string) (dsn, name string) {
	t.Helper()
	admin := open(t, "mysql", MySQLDSN, "MariaDB at 127.0.0.1:3306", "start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd")
	name = Name("t_")
	if _, err := admin.Exec("CREATE DATABASE " + name); err != nil {
		t.Fatalf("create scratch database: %v", err)
	}
	t.Cleanup(func() {
		if _, err := admin.Exec("DROP DATABASE " + name); err != nil {
			t.Errorf("drop scratch database %s: %v", name, err)
		}
		admin.Close()
	})
	dsn = "root@tcp(127.0.0.1:3306)/" + name
	if base := os.Getenv("TOMBSTONE_MYSQL_DSN"); base != "" {
		dsn = base + name
	}
	if params != "" {
		dsn += "?" + params
	}
	return dsn, name
}

// MySQL returns a pool on a scratch database of the MariaDB server.
func MySQL(t testing.TB, params string) *sql.DB {
	t.Helper()
	dsn, _ := MySQLDatabase(t, params)
	db, err := sql.Open("mysql", dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func open(t testing.TB, driver, dsn, server, start string) *sql.DB {
	t.Helper()
	db, err := sql.Open(driver, dsn)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		unreachable(t, server, start, err)
	}
	return db
}

// MustExec runs each statement on db, failing the test on the first error.
func MustExec(t testing.TB, db *sql.DB, stmts ...string) {
	t.Helper()
	for _, s := range stmts {
		if _, err := db.Exec(s); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
	}
}

// Describe names a server for test logs.
func Describe(db *sql.DB) string {
	var v string
	if err := db.QueryRow("SELECT version()").Scan(&v); err != nil {
		return fmt.Sprintf("unknown server (%v)", err)
	}
	return v
}
