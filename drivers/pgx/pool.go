package pgx

import (
	"context"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/tombstone-sql/tombstone"
	"github.com/tombstone-sql/tombstone/internal/enforce"
)

// Pool is a pgx pool whose statements tombstone rewrites per the policy.
// It has the methods of *pgxpool.Pool that send SQL, and sqlc's pgx/v5
// DBTX: db.New(pool) takes it. Each call runs on a connection of its own
// and sets the audit actor there; the actor is cleared before the
// connection goes back to the pool.
type Pool struct {
	f    *front
	base *pgxpool.Pool
}

// NewPool creates a pgx pool from cfg (pgxpool.ParseConfig) whose
// statements enforce policy p; opts are tombstone's (WithMode,
// WithLogger, WithCache).
func NewPool(ctx context.Context, cfg *pgxpool.Config, p *tombstone.Policy, opts ...tombstone.Option) (*Pool, error) {
	base, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, err
	}
	tp, err := WrapPool(base, p, opts...)
	if err != nil {
		base.Close()
		return nil, err
	}
	return tp, nil
}

// WrapPool wraps an existing pgx pool: statements sent through the result
// enforce policy p, those sent on pool directly do not.
func WrapPool(pool *pgxpool.Pool, p *tombstone.Policy, opts ...tombstone.Option) (*Pool, error) {
	cc := pool.Config().ConnConfig
	f, err := newFront(p, func(ctx context.Context) (*pgx.Conn, error) { return pgx.ConnectConfig(ctx, cc) }, opts)
	if err != nil {
		return nil, err
	}
	return &Pool{f: f, base: pool}, nil
}

// acquire takes a connection from the pool for one call; release clears
// its actor and gives it back.
func (p *Pool) acquire(ctx context.Context) (*link, func(), error) {
	c, err := p.base.Acquire(ctx)
	if err != nil {
		return nil, nil, err
	}
	l, err := p.f.link(ctx, c.Conn())
	if err != nil {
		c.Release()
		return nil, nil, err
	}
	return l, func() {
		l.clear(ctx)
		c.Release()
	}, nil
}

func (p *Pool) Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error) {
	l, release, err := p.acquire(ctx)
	if err != nil {
		return pgconn.CommandTag{}, err
	}
	defer release()
	return l.exec(ctx, sql, args)
}

func (p *Pool) Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error) {
	l, release, err := p.acquire(ctx)
	if err != nil {
		return failedRows{err}, err
	}
	return l.query(ctx, sql, args, release)
}

func (p *Pool) QueryRow(ctx context.Context, sql string, args ...any) pgx.Row {
	l, release, err := p.acquire(ctx)
	if err != nil {
		return row{failedRows{err}}
	}
	return l.queryRow(ctx, sql, args, release)
}

func (p *Pool) SendBatch(ctx context.Context, b *pgx.Batch) pgx.BatchResults {
	l, release, err := p.acquire(ctx)
	if err != nil {
		return pgx.FailedBatchResults(b, err)
	}
	return &batchResults{BatchResults: l.sendBatch(ctx, b), done: release, wrap: func(t pgx.Tx, end func()) *Tx { return newTx(l, t, end) }}
}

func (p *Pool) CopyFrom(ctx context.Context, table pgx.Identifier, columns []string, src pgx.CopyFromSource) (int64, error) {
	l, release, err := p.acquire(ctx)
	if err != nil {
		return 0, err
	}
	defer release()
	return l.copyFrom(ctx, table, columns, src)
}

// Begin acquires a connection and starts a transaction on it whose
// statements tombstone rewrites; the connection goes back to the pool when
// the transaction ends.
func (p *Pool) Begin(ctx context.Context) (pgx.Tx, error) {
	return p.BeginTx(ctx, pgx.TxOptions{})
}

// BeginTx is Begin with txOptions.
func (p *Pool) BeginTx(ctx context.Context, txOptions pgx.TxOptions) (pgx.Tx, error) {
	l, release, err := p.acquire(ctx)
	if err != nil {
		return nil, err
	}
	t, err := l.pc.BeginTx(ctx, txOptions)
	if err != nil {
		release()
		return nil, err
	}
	return newTx(l, t, release), nil
}

// Acquire takes a connection from the pool; Release gives it back.
func (p *Pool) Acquire(ctx context.Context) (*PoolConn, error) {
	c, err := p.base.Acquire(ctx)
	if err != nil {
		return nil, err
	}
	l, err := p.f.link(ctx, c.Conn())
	if err != nil {
		c.Release()
		return nil, err
	}
	return &PoolConn{l: l, base: c}, nil
}

// AcquireFunc runs f on a connection of the pool and gives it back.
func (p *Pool) AcquireFunc(ctx context.Context, f func(*PoolConn) error) error {
	c, err := p.Acquire(ctx)
	if err != nil {
		return err
	}
	defer c.Release()
	return f(c)
}

// Ping acquires a connection and pings the server on it.
func (p *Pool) Ping(ctx context.Context) error {
	l, release, err := p.acquire(ctx)
	if err != nil {
		return err
	}
	defer release()
	return l.pc.Ping(ctx)
}

func (p *Pool) Stat() *pgxpool.Stat     { return p.base.Stat() }
func (p *Pool) Config() *pgxpool.Config { return p.base.Config() }
func (p *Pool) Reset()                  { p.base.Reset() }
func (p *Pool) Close()                  { p.base.Close() }

// Base returns the pgx pool under p. Statements sent on it bypass
// tombstone.
func (p *Pool) Base() *pgxpool.Pool { return p.base }

// PoolConn is a connection taken from a Pool with Acquire.
type PoolConn struct {
	l    *link
	base *pgxpool.Conn
}

func (c *PoolConn) Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error) {
	return c.l.exec(ctx, sql, args)
}

func (c *PoolConn) Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error) {
	return c.l.query(ctx, sql, args, nil)
}

func (c *PoolConn) QueryRow(ctx context.Context, sql string, args ...any) pgx.Row {
	return c.l.queryRow(ctx, sql, args, nil)
}

func (c *PoolConn) SendBatch(ctx context.Context, b *pgx.Batch) pgx.BatchResults {
	return &batchResults{BatchResults: c.l.sendBatch(ctx, b), done: func() {}, wrap: func(t pgx.Tx, end func()) *Tx { return newTx(c.l, t, end) }}
}

func (c *PoolConn) CopyFrom(ctx context.Context, table pgx.Identifier, columns []string, src pgx.CopyFromSource) (int64, error) {
	return c.l.copyFrom(ctx, table, columns, src)
}

// Begin starts a transaction on the connection.
func (c *PoolConn) Begin(ctx context.Context) (pgx.Tx, error) {
	return c.BeginTx(ctx, pgx.TxOptions{})
}

// BeginTx is Begin with txOptions.
func (c *PoolConn) BeginTx(ctx context.Context, txOptions pgx.TxOptions) (pgx.Tx, error) {
	t, err := c.l.pc.BeginTx(ctx, txOptions)
	if err != nil {
		return nil, err
	}
	return newTx(c.l, t, nil), nil
}

// Prepare prepares sql rewritten for ctx's scope under name.
func (c *PoolConn) Prepare(ctx context.Context, name, sql string) (*pgconn.StatementDescription, error) {
	return c.l.prepare(ctx, name, sql)
}

// Deallocate releases a prepared statement.
func (c *PoolConn) Deallocate(ctx context.Context, name string) error {
	err := c.l.pc.Deallocate(ctx, name)
	c.l.f.deallocated(c.l.pc, name)
	return err
}

func (c *PoolConn) Ping(ctx context.Context) error { return c.base.Ping(ctx) }

// Release clears the connection's actor and gives it back to the pool.
func (c *PoolConn) Release() {
	c.l.clear(context.Background())
	c.base.Release()
}

// Conn returns the base connection. Statements sent on it bypass
// tombstone.
func (c *PoolConn) Conn() *pgx.Conn { return c.base.Conn() }

// Enforcement runs f with the enforcement state of one of the pool's
// connections, for tombstone's own jobs (lifecycle) that record a refusal
// the way enforcement records one: on a connection of its own.
func (p *Pool) Enforcement(ctx context.Context, f func(*enforce.Conn) error) error {
	l, release, err := p.acquire(ctx)
	if err != nil {
		return err
	}
	defer release()
	return f(l.ec)
}
