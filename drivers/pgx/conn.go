package pgx

import (
	"context"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgtype"

	"github.com/tombstone-sql/tombstone"
)

// Conn is a pgx connection whose statements tombstone rewrites per the
// policy. It has the methods of *pgx.Conn that send SQL, and sqlc's
// pgx/v5 DBTX.
type Conn struct {
	l    *link
	base *pgx.Conn
}

// Connect opens a pgx connection from cfg (pgx.ParseConfig) whose
// statements enforce policy p; opts are tombstone's (WithMode,
// WithLogger, WithCache).
func Connect(ctx context.Context, cfg *pgx.ConnConfig, p *tombstone.Policy, opts ...tombstone.Option) (*Conn, error) {
	c, err := pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		return nil, err
	}
	tc, err := WrapConn(ctx, c, p, opts...)
	if err != nil {
		c.Close(ctx)
		return nil, err
	}
	return tc, nil
}

// WrapConn wraps an open pgx connection: statements sent through the
// result enforce policy p, those sent on c directly do not.
func WrapConn(ctx context.Context, c *pgx.Conn, p *tombstone.Policy, opts ...tombstone.Option) (*Conn, error) {
	cfg := c.Config()
	f, err := newFront(p, func(ctx context.Context) (*pgx.Conn, error) { return pgx.ConnectConfig(ctx, cfg) }, opts)
	if err != nil {
		return nil, err
	}
	l, err := f.link(ctx, c)
	if err != nil {
		return nil, err
	}
	return &Conn{l: l, base: c}, nil
}

func (c *Conn) Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error) {
	return c.l.exec(ctx, sql, args)
}

func (c *Conn) Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error) {
	return c.l.query(ctx, sql, args, nil)
}

func (c *Conn) QueryRow(ctx context.Context, sql string, args ...any) pgx.Row {
	return c.l.queryRow(ctx, sql, args, nil)
}

func (c *Conn) SendBatch(ctx context.Context, b *pgx.Batch) pgx.BatchResults {
	br := c.l.sendBatch(ctx, b)
	return &batchResults{BatchResults: br, done: func() {}, wrap: func(t pgx.Tx, end func()) *Tx { return newTx(c.l, t, end) }}
}

func (c *Conn) CopyFrom(ctx context.Context, table pgx.Identifier, columns []string, src pgx.CopyFromSource) (int64, error) {
	return c.l.copyFrom(ctx, table, columns, src)
}

// Prepare prepares sql rewritten for ctx's scope under name.
func (c *Conn) Prepare(ctx context.Context, name, sql string) (*pgconn.StatementDescription, error) {
	return c.l.prepare(ctx, name, sql)
}

// Deallocate releases a prepared statement.
func (c *Conn) Deallocate(ctx context.Context, name string) error {
	err := c.base.Deallocate(ctx, name)
	c.l.f.deallocated(c.base, name)
	return err
}

// DeallocateAll releases every prepared statement.
func (c *Conn) DeallocateAll(ctx context.Context) error {
	err := c.base.DeallocateAll(ctx)
	c.l.f.deallocated(c.base, "")
	return err
}

// Begin starts a transaction whose statements tombstone rewrites.
func (c *Conn) Begin(ctx context.Context) (pgx.Tx, error) {
	return c.BeginTx(ctx, pgx.TxOptions{})
}

// BeginTx starts a transaction with txOptions.
func (c *Conn) BeginTx(ctx context.Context, txOptions pgx.TxOptions) (pgx.Tx, error) {
	t, err := c.base.BeginTx(ctx, txOptions)
	if err != nil {
		return nil, err
	}
	return newTx(c.l, t, nil), nil
}

func (c *Conn) Ping(ctx context.Context) error  { return c.base.Ping(ctx) }
func (c *Conn) Close(ctx context.Context) error { return c.base.Close(ctx) }
func (c *Conn) IsClosed() bool                  { return c.base.IsClosed() }
func (c *Conn) Config() *pgx.ConnConfig         { return c.base.Config() }
func (c *Conn) TypeMap() *pgtype.Map            { return c.base.TypeMap() }
func (c *Conn) PgConn() *pgconn.PgConn          { return c.base.PgConn() }
func (c *Conn) LoadType(ctx context.Context, typeName string) (*pgtype.Type, error) {
	return c.base.LoadType(ctx, typeName)
}

// Conn returns the base connection. Statements sent on it bypass
// tombstone.
func (c *Conn) Conn() *pgx.Conn { return c.base }
