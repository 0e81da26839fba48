package pgx_test

import (
	"context"
	"log/slog"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/tombstone-sql/tombstone"
	tpgx "github.com/tombstone-sql/tombstone/drivers/pgx"
	"github.com/tombstone-sql/tombstone/examples/store"
	"github.com/tombstone-sql/tombstone/internal/testdb"
	"github.com/tombstone-sql/tombstone/rewrite"
	"github.com/tombstone-sql/tombstone/schema"
)

// benchPolicy is the store's policy without the audit trail, so a DELETE
// costs the same round trips with and without tombstone.
func benchPolicy(b *testing.B) *tombstone.Policy {
	text := strings.Replace(string(store.Policy), "audit:\n  table: tombstone_audit\n  require_actor: false\n", "", 1)
	p, err := tombstone.ParsePolicy("store.yaml", []byte(text))
	if err != nil {
		b.Fatal(err)
	}
	return p
}

// BenchmarkNativeOverhead runs each statement through tombstone's pool
// and, beside it, its rewritten form through a raw pgxpool on the same
// database over loopback: the difference is what tombstone adds per query.
// Compare the pairs within one run.
func BenchmarkNativeOverhead(b *testing.B) {
	if !testdb.InCI() {
		testdb.Postgres(b)
	}
	p := benchPolicy(b)
	ctx := context.Background()
	dsn, _ := testdb.PostgresSchema(b)
	cfg, err := pgxpool.ParseConfig(dsn)
	if err != nil {
		b.Fatal(err)
	}
	raw, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(raw.Close)
	stmts, err := store.Schema("postgres")
	if err != nil {
		b.Fatal(err)
	}
	ddl, err := schema.Migrate(p, "postgres")
	if err != nil {
		b.Fatal(err)
	}
	for _, s := range ddl {
		stmts = append(stmts, s.SQL)
	}
	for _, s := range append(stmts, store.Seed()...) {
		if _, err := raw.Exec(ctx, s); err != nil {
			b.Fatalf("%s: %v", s, err)
		}
	}
	wrap, err := tpgx.NewPool(ctx, cfg.Copy(), p, tombstone.WithLogger(slog.New(slog.DiscardHandler)))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(wrap.Close)
	rw := rewrite.New(p, mustDialect(b))
	for _, s := range []struct {
		name string
		sql  string
		exec bool
	}{
		{"point-select", "SELECT name, email FROM customers WHERE id = $1", false},
		{"join", "SELECT c.name, t.subject FROM customers c JOIN support_tickets t ON t.customer_id = c.id WHERE c.id = $1", false},
		{"delete", "DELETE FROM customers WHERE id = $1", true},
	} {
		rewritten, err := rw.Rewrite(s.sql, rewrite.Scope{})
		if err != nil {
			b.Fatal(err)
		}
		run := func(b *testing.B, exec func(context.Context, string, ...any) error, query func(context.Context, string, ...any) (pgx.Rows, error), q string) {
			b.ReportAllocs()
			for b.Loop() {
				if s.exec {
					if err := exec(ctx, q, -1); err != nil {
						b.Fatal(err)
					}
					continue
				}
				rows, err := query(ctx, q, 1)
				if err != nil {
					b.Fatal(err)
				}
				for rows.Next() {
				}
				rows.Close()
			}
		}
		b.Run(s.name+"/pgxpool", func(b *testing.B) {
			run(b, func(ctx context.Context, q string, args ...any) error {
				_, err := raw.Exec(ctx, q, args...)
				return err
			}, raw.Query, rewritten)
		})
		b.Run(s.name+"/tombstone", func(b *testing.B) {
			run(b, func(ctx context.Context, q string, args ...any) error {
				_, err := wrap.Exec(ctx, q, args...)
				return err
			}, wrap.Query, s.sql)
		})
	}
}

func mustDialect(b *testing.B) rewrite.Dialect {
	d, err := tombstone.Dialect("postgres")
	if err != nil {
		b.Fatal(err)
	}
	return d
}
