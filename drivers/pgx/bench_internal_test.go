package pgx

import (
	"context"
	"log/slog"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/tombstone-sql/tombstone"
	"github.com/tombstone-sql/tombstone/examples/store"
	"github.com/tombstone-sql/tombstone/rewrite"
)

// BenchmarkNativeWrapperAlone sends a point select to a base that answers
// at once (nopQuerier), directly and through tombstone's per-call path
// (QueryRewriter check, cached decision, Sent): the difference is the
// wrapper's own cost per query on the cached path.
func BenchmarkNativeWrapperAlone(b *testing.B) {
	text := strings.Replace(string(store.Policy), "audit:\n  table: tombstone_audit\n  require_actor: false\n", "", 1)
	p, err := tombstone.ParsePolicy("store.yaml", []byte(text))
	if err != nil {
		b.Fatal(err)
	}
	f, err := newFront(p, nil, []tombstone.Option{tombstone.WithLogger(slog.New(slog.DiscardHandler))})
	if err != nil {
		b.Fatal(err)
	}
	var base querier = nopQuerier{}
	l := &link{f: f, q: base, ec: f.w.NewConn(session{base})}
	q := "SELECT name, email FROM customers WHERE id = $1"
	d, _ := tombstone.Dialect("postgres")
	rewritten, err := rewrite.New(p, d).Rewrite(q, rewrite.Scope{})
	if err != nil {
		b.Fatal(err)
	}
	ctx := tombstone.WithActor(context.Background(), "bench", "")
	b.Run("raw", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			rows, _ := base.Query(ctx, rewritten, 1)
			rows.Close()
		}
	})
	b.Run("tombstone", func(b *testing.B) {
		b.ReportAllocs()
		args := []any{1}
		for b.Loop() {
			rows, _ := l.query(ctx, q, args, nil)
			rows.Close()
		}
	})
}

// nopQuerier answers every statement at once, with no rows.
type nopQuerier struct{}

func (nopQuerier) Exec(context.Context, string, ...any) (pgconn.CommandTag, error) {
	return pgconn.CommandTag{}, nil
}
func (nopQuerier) Query(context.Context, string, ...any) (pgx.Rows, error) { return failedRows{}, nil }
func (nopQuerier) QueryRow(context.Context, string, ...any) pgx.Row        { return row{failedRows{}} }
func (nopQuerier) SendBatch(context.Context, *pgx.Batch) pgx.BatchResults  { return nil }
func (nopQuerier) CopyFrom(context.Context, pgx.Identifier, []string, pgx.CopyFromSource) (int64, error) {
	return 0, nil
}
func (nopQuerier) Prepare(context.Context, string, string) (*pgconn.StatementDescription, error) {
	return nil, nil
}
