package tombstone_test

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"log/slog"
	"path/filepath"
	"sync/atomic"
	"testing"

	"github.com/go-sql-driver/mysql"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
	"modernc.org/sqlite"

	"github.com/tombstone-sql/tombstone"
	"github.com/tombstone-sql/tombstone/examples/store"
	"github.com/tombstone-sql/tombstone/internal/testdb"
	"github.com/tombstone-sql/tombstone/schema"
)

// storePolicy is the store's policy, optionally edited first.
func storePolicy(t testing.TB, edit func(string) string) *tombstone.Policy {
	t.Helper()
	text := string(store.Policy)
	if edit != nil {
		text = edit(text)
	}
	p, err := tombstone.ParsePolicy("store.yaml", []byte(text))
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// env is one database holding the store, raw and through tombstone.
type env struct {
	dialect string
	raw     *sql.DB // bypasses tombstone: the test's own view of the data
	db      door    // through tombstone: database/sql, or the pgx-native pool
	sql     *sql.DB // through tombstone's database/sql wrapper; nil for pgx-native
	// sent counts statements the base driver received through tombstone.
	sent *atomic.Int64
}

// setup loads the store (tables, tombstone migrate's DDL unless bare,
// rows) into raw.
func setup(t testing.TB, dialect string, raw *sql.DB, p *tombstone.Policy, bare bool) {
	t.Helper()
	tables, err := store.Schema(dialect)
	if err != nil {
		t.Fatal(err)
	}
	stmts := tables
	if !bare {
		ddl, err := schema.Migrate(p, dialect)
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range ddl {
			stmts = append(stmts, s.SQL)
		}
	}
	stmts = append(stmts, store.Seed()...)
	for _, s := range stmts {
		if _, err := raw.Exec(s); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
	}
}

type envOptions struct {
	policy *tombstone.Policy
	bare   bool // skip tombstone migrate's DDL
	params string
	opts   []tombstone.Option
	// uncounted wraps the base driver directly, without the counting layer.
	uncounted bool
}

func quiet() tombstone.Option { return tombstone.WithLogger(slog.New(slog.DiscardHandler)) }

func newEnv(t testing.TB, dialect string, o envOptions) *env {
	t.Helper()
	if o.policy == nil {
		o.policy = storePolicy(t, nil)
	}
	opts := append([]tombstone.Option{quiet()}, o.opts...)
	e := &env{dialect: dialect, sent: new(atomic.Int64)}
	var base driver.Connector
	switch dialect {
	case "postgres":
		dsn, _ := testdb.PostgresSchema(t)
		e.raw = open(t, "pgx", dsn)
		if isNative(t) {
			setup(t, dialect, e.raw, o.policy, o.bare)
			var sent *atomic.Int64
			if !o.uncounted {
				sent = e.sent
			}
			e.db = newPgxDoor(t, dsn, o.policy, sent, opts)
			return e
		}
		cfg, err := pgx.ParseConfig(dsn)
		if err != nil {
			t.Fatal(err)
		}
		base = stdlib.GetConnector(*cfg)
	case "mysql":
		dsn, _ := testdb.MySQLDatabase(t, o.params)
		e.raw = open(t, "mysql", dsn)
		cfg, err := mysql.ParseDSN(dsn)
		if err != nil {
			t.Fatal(err)
		}
		if base, err = mysql.NewConnector(cfg); err != nil {
			t.Fatal(err)
		}
	case "sqlite":
		dsn := "file:" + filepath.Join(t.TempDir(), "store.db") + "?_pragma=foreign_keys(1)&_pragma=busy_timeout(5000)"
		e.raw = open(t, "sqlite", dsn)
		base = dsnConnector{dsn: dsn, drv: &sqlite.Driver{}}
	}
	setup(t, dialect, e.raw, o.policy, o.bare)
	if !o.uncounted {
		base = &counting{Connector: base, n: e.sent}
	}
	c, err := tombstone.NewConnector(base, o.policy, append(opts, tombstone.WithDialect(dialect))...)
	if err != nil {
		t.Fatal(err)
	}
	e.sql = sql.OpenDB(c)
	e.db = sqlDoor{e.sql}
	t.Cleanup(func() { e.sql.Close() })
	return e
}

func open(t testing.TB, driverName, dsn string) *sql.DB {
	t.Helper()
	db, err := sql.Open(driverName, dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

var dialects = []string{"postgres", "mysql", "sqlite"}

// forEach runs f once per dialect.
func forEach(t *testing.T, f func(t *testing.T, dialect string)) {
	for _, d := range dialects {
		t.Run(d, func(t *testing.T) { f(t, d) })
	}
}

// ph renders the n-th placeholder of a dialect.
func ph(dialect string, n int) string {
	if dialect == "postgres" {
		return "$" + string(rune('0'+n))
	}
	return "?"
}

// names returns one column of strings from a query on db (a *sql.DB or a
// door).
func names(t testing.TB, ctx context.Context, db any, q string, args ...any) []string {
	t.Helper()
	rows, err := asDoor(db).QueryContext(ctx, q, args...)
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			t.Fatal(err)
		}
		out = append(out, s)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// counting is a base connector that counts the statements its
// connections receive: proof that a refusal sent nothing.
type counting struct {
	driver.Connector
	n *atomic.Int64
}

func (c *counting) Connect(ctx context.Context) (driver.Conn, error) {
	cn, err := c.Connector.Connect(ctx)
	if err != nil {
		return nil, err
	}
	return &countingConn{Conn: cn, n: c.n}, nil
}

type countingConn struct {
	driver.Conn
	n *atomic.Int64
}

func (c *countingConn) Unwrap() driver.Conn { return c.Conn }

func (c *countingConn) PrepareContext(ctx context.Context, q string) (driver.Stmt, error) {
	c.n.Add(1)
	return c.Conn.(driver.ConnPrepareContext).PrepareContext(ctx, q)
}

func (c *countingConn) ExecContext(ctx context.Context, q string, args []driver.NamedValue) (driver.Result, error) {
	c.n.Add(1)
	return c.Conn.(driver.ExecerContext).ExecContext(ctx, q, args)
}

func (c *countingConn) QueryContext(ctx context.Context, q string, args []driver.NamedValue) (driver.Rows, error) {
	c.n.Add(1)
	return c.Conn.(driver.QueryerContext).QueryContext(ctx, q, args)
}

func (c *countingConn) BeginTx(ctx context.Context, opts driver.TxOptions) (driver.Tx, error) {
	return c.Conn.(driver.ConnBeginTx).BeginTx(ctx, opts)
}

func (c *countingConn) CheckNamedValue(nv *driver.NamedValue) error {
	if ch, ok := c.Conn.(driver.NamedValueChecker); ok {
		return ch.CheckNamedValue(nv)
	}
	return driver.ErrSkip
}

func (c *countingConn) ResetSession(ctx context.Context) error {
	if r, ok := c.Conn.(driver.SessionResetter); ok {
		return r.ResetSession(ctx)
	}
	return nil
}

// dsnConnector is database/sql's adapter for drivers without
// OpenConnector (modernc's).
type dsnConnector struct {
	dsn string
	drv driver.Driver
}

func (c dsnConnector) Connect(context.Context) (driver.Conn, error) { return c.drv.Open(c.dsn) }
func (c dsnConnector) Driver() driver.Driver                        { return c.drv }
