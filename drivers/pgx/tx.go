package pgx

import (
	"context"
	"sync"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// Tx is a transaction, or a savepoint within one (Begin on a Tx), whose
// statements tombstone rewrites. It implements pgx.Tx, so sqlc's
// Queries.WithTx takes it.
type Tx struct {
	l    *link
	base pgx.Tx
	// end runs once the outermost transaction is over: a pool's
	// connection is cleared and given back.
	end  func()
	once sync.Once
	top  bool
}

var _ pgx.Tx = (*Tx)(nil)

func newTx(l *link, base pgx.Tx, end func()) *Tx {
	l.ec.InTx = true
	return &Tx{l: l.in(base), base: base, end: end, top: true}
}

// Begin starts a savepoint: a pseudo nested transaction.
func (t *Tx) Begin(ctx context.Context) (pgx.Tx, error) {
	sp, err := t.base.Begin(ctx)
	if err != nil {
		return nil, err
	}
	return &Tx{l: t.l.in(sp), base: sp}, nil
}

// Commit commits the transaction, or releases the savepoint.
func (t *Tx) Commit(ctx context.Context) error {
	err := t.base.Commit(ctx)
	t.ended(ctx)
	return err
}

// Rollback rolls the transaction or the savepoint back. As pgx's, it is
// safe to call after Commit (it returns pgx.ErrTxClosed).
func (t *Tx) Rollback(ctx context.Context) error {
	err := t.base.Rollback(ctx)
	t.ended(ctx)
	return err
}

func (t *Tx) ended(ctx context.Context) {
	if c := t.base.Conn(); !t.top || c != nil && c.PgConn().TxStatus() != 'I' && !c.IsClosed() {
		return // a savepoint, or a transaction still open (a failed COMMIT)
	}
	t.once.Do(func() {
		t.l.ec.EndTx()
		if t.end != nil {
			t.end()
		}
	})
}

func (t *Tx) Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error) {
	return t.l.exec(ctx, sql, args)
}

func (t *Tx) Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error) {
	return t.l.query(ctx, sql, args, nil)
}

func (t *Tx) QueryRow(ctx context.Context, sql string, args ...any) pgx.Row {
	return t.l.queryRow(ctx, sql, args, nil)
}

func (t *Tx) SendBatch(ctx context.Context, b *pgx.Batch) pgx.BatchResults {
	return t.l.sendBatch(ctx, b)
}

func (t *Tx) CopyFrom(ctx context.Context, table pgx.Identifier, columns []string, src pgx.CopyFromSource) (int64, error) {
	return t.l.copyFrom(ctx, table, columns, src)
}

// Prepare prepares sql rewritten for ctx's scope under name.
func (t *Tx) Prepare(ctx context.Context, name, sql string) (*pgconn.StatementDescription, error) {
	return t.l.prepare(ctx, name, sql)
}

// LargeObjects is pgx's: large objects are not governed by the policy.
func (t *Tx) LargeObjects() pgx.LargeObjects { return t.base.LargeObjects() }

// Conn returns the base connection. Statements sent on it bypass
// tombstone.
func (t *Tx) Conn() *pgx.Conn { return t.base.Conn() }

// Base returns pgx's transaction under t. Statements sent on it bypass
// tombstone.
func (t *Tx) Base() pgx.Tx { return t.base }
