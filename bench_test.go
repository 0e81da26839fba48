package tombstone_test

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/tombstone-sql/tombstone"
	tpgx "github.com/tombstone-sql/tombstone/drivers/pgx"
	tsqlite "github.com/tombstone-sql/tombstone/drivers/sqlite"
	"github.com/tombstone-sql/tombstone/internal/testdb"
	"github.com/tombstone-sql/tombstone/rewrite"
)

// benchPolicy is the store's policy without the audit trail, so a DELETE
// costs the same round trips with and without the wrapper.
func benchPolicy(b *testing.B) *tombstone.Policy {
	return storePolicy(b, func(s string) string {
		return strings.Replace(s, "audit:\n  table: tombstone_audit\n  require_actor: false\n", "", 1)
	})
}

// BenchmarkOverhead runs each statement through tombstone and, beside it,
// its rewritten form straight through the base driver: the difference is
// what the wrapper adds per query. Compare the pairs within one run.
func BenchmarkOverhead(b *testing.B) {
	p := benchPolicy(b)
	type target struct {
		name      string
		raw, wrap *sql.DB
		dialect   string
	}
	var targets []target
	{
		dsn := "file:" + filepath.Join(b.TempDir(), "bench.db")
		raw := open(b, "sqlite", dsn)
		setup(b, "sqlite", raw, p, false)
		wrap, err := tsqlite.OpenDB(dsn, p, quiet())
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { wrap.Close() })
		targets = append(targets, target{"sqlite", raw, wrap, "sqlite"})
	}
	if testdb.InCI() || reachable() {
		dsn, _ := testdb.PostgresSchema(b)
		raw := open(b, "pgx", dsn)
		setup(b, "postgres", raw, p, false)
		cfg, err := pgx.ParseConfig(dsn)
		if err != nil {
			b.Fatal(err)
		}
		wrap, err := tpgx.OpenDB(*cfg, p, quiet())
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { wrap.Close() })
		targets = append(targets, target{"postgres", raw, wrap, "postgres"})
	}
	for _, tg := range targets {
		d := tg.dialect
		rw := rewrite.New(p, mustDialect(b, d))
		statements := []struct {
			name string
			sql  string
			exec bool
		}{
			{"point-select", "SELECT name, email FROM customers WHERE id = " + ph(d, 1), false},
			{"join", "SELECT c.name, t.subject FROM customers c JOIN support_tickets t ON t.customer_id = c.id WHERE c.id = " + ph(d, 1), false},
			{"delete", "DELETE FROM customers WHERE id = " + ph(d, 1), true},
		}
		for _, s := range statements {
			rewritten, err := rw.Rewrite(s.sql, rewrite.Scope{})
			if err != nil {
				b.Fatal(err)
			}
			run := func(b *testing.B, db *sql.DB, q string) {
				ctx := context.Background()
				b.ReportAllocs()
				for b.Loop() {
					if s.exec {
						if _, err := db.ExecContext(ctx, q, -1); err != nil {
							b.Fatal(err)
						}
						continue
					}
					rows, err := db.QueryContext(ctx, q, 2)
					if err != nil {
						b.Fatal(err)
					}
					for rows.Next() {
					}
					rows.Close()
				}
			}
			b.Run(tg.name+"/"+s.name+"/raw", func(b *testing.B) { run(b, tg.raw, rewritten) })
			b.Run(tg.name+"/"+s.name+"/tombstone", func(b *testing.B) { run(b, tg.wrap, s.sql) })
		}
		// The uncached path: every statement text is new.
		b.Run(tg.name+"/point-select-uncached/raw", func(b *testing.B) {
			q := "SELECT name, email FROM customers WHERE customers.deleted_at IS NULL AND id = " + ph(d, 1)
			i := 0
			b.ReportAllocs()
			for b.Loop() {
				i++
				rows, err := tg.raw.Query(fmt.Sprintf("%s /* %d */", q, i), 2)
				if err != nil {
					b.Fatal(err)
				}
				rows.Close()
			}
		})
		b.Run(tg.name+"/point-select-uncached/tombstone", func(b *testing.B) {
			q := "SELECT name, email FROM customers WHERE id = " + ph(d, 1)
			i := 0
			b.ReportAllocs()
			for b.Loop() {
				i++
				rows, err := tg.wrap.Query(fmt.Sprintf("%s /* %d */", q, i), 2)
				if err != nil {
					b.Fatal(err)
				}
				rows.Close()
			}
		})
	}
}

func mustDialect(b *testing.B, name string) rewrite.Dialect {
	d, err := tombstone.Dialect(name)
	if err != nil {
		b.Fatal(err)
	}
	return d
}

func reachable() bool {
	db, err := sql.Open("pgx", testdb.PostgresDSN)
	if err != nil {
		return false
	}
	defer db.Close()
	return db.Ping() == nil
}

// BenchmarkWrapperAlone sends a point select to a base driver that answers
// at once, so what remains is database/sql plus, in the tombstone pair,
// the wrapper: the difference between the pair is the wrapper's own cost
// per query, on the cached path.
func BenchmarkWrapperAlone(b *testing.B) {
	p := benchPolicy(b)
	q := "SELECT name, email FROM customers WHERE id = $1"
	rewritten, err := rewrite.New(p, mustDialect(b, "postgres")).Rewrite(q, rewrite.Scope{})
	if err != nil {
		b.Fatal(err)
	}
	raw := sql.OpenDB(nopConnector{})
	c, err := tombstone.NewConnector(nopConnector{}, p, tombstone.WithDialect("postgres"), quiet())
	if err != nil {
		b.Fatal(err)
	}
	wrapped := sql.OpenDB(c)
	ctx := tombstone.WithActor(context.Background(), "bench", "")
	for _, s := range []struct {
		name string
		db   *sql.DB
		q    string
	}{{"raw", raw, rewritten}, {"tombstone", wrapped, q}} {
		b.Run(s.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				rows, err := s.db.QueryContext(ctx, s.q, 1)
				if err != nil {
					b.Fatal(err)
				}
				rows.Close()
			}
		})
	}
}

// nopConnector is a base driver that answers every query with no rows.
type nopConnector struct{}

func (nopConnector) Connect(context.Context) (driver.Conn, error) { return nopConn{}, nil }
func (nopConnector) Driver() driver.Driver                        { return nil }

type nopConn struct{}

func (nopConn) Prepare(string) (driver.Stmt, error) { return nil, errors.New("no prepare") }
func (nopConn) Close() error                        { return nil }
func (nopConn) Begin() (driver.Tx, error)           { return nil, errors.New("no tx") }
func (nopConn) QueryContext(context.Context, string, []driver.NamedValue) (driver.Rows, error) {
	return nopRows{}, nil
}

type nopRows struct{}

func (nopRows) Columns() []string         { return []string{"name", "email"} }
func (nopRows) Close() error              { return nil }
func (nopRows) Next([]driver.Value) error { return io.EOF }
