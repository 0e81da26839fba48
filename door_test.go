package tombstone_test

import (
	"context"
	"database/sql"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/tombstone-sql/tombstone"
	tpgx "github.com/tombstone-sql/tombstone/drivers/pgx"
)

// door is what the shared suites send statements through: tombstone's
// database/sql wrapper (sqlDoor) or its pgx-native pool (pgxDoor). The
// methods are database/sql's, so the suites read the same either way.
type door interface {
	ExecContext(ctx context.Context, q string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, q string, args ...any) (doorRows, error)
	QueryRowContext(ctx context.Context, q string, args ...any) doorRow
	BeginTx(ctx context.Context, opts *sql.TxOptions) (doorTx, error)
	// Prepare prepares q on one connection and closes it again.
	Prepare(ctx context.Context, q string) error
	Ping() error
	SetMaxOpenConns(n int)
}

type doorRows interface {
	Next() bool
	Scan(dest ...any) error
	Err() error
	Close() error
}

type doorRow interface{ Scan(dest ...any) error }

type doorTx interface {
	ExecContext(ctx context.Context, q string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, q string, args ...any) (doorRows, error)
	Commit() error
	Rollback() error
}

// forEachDoor runs f once per dialect through database/sql, and once more
// on PostgreSQL through the pgx-native pool (newEnv tells from t).
func forEachDoor(t *testing.T, f func(t *testing.T, dialect string)) {
	forEach(t, f)
	t.Run("pgx-native", func(t *testing.T) { asNative(t, func(t *testing.T) { f(t, "postgres") }) })
}

// asNative runs f with newEnv opening the pgx-native pool on PostgreSQL.
func asNative(t *testing.T, f func(t *testing.T)) {
	natives.Store(t, true)
	defer natives.Delete(t)
	f(t)
}

// natives are the tests forEachDoor runs through the pgx-native pool.
var natives sync.Map

func isNative(t testing.TB) bool { _, ok := natives.Load(t); return ok }

// asDoor takes a *sql.DB (the raw database) or a door.
func asDoor(db any) door {
	if d, ok := db.(*sql.DB); ok {
		return sqlDoor{d}
	}
	return db.(door)
}

// sqlDoor is database/sql.
type sqlDoor struct{ *sql.DB }

func (d sqlDoor) QueryContext(ctx context.Context, q string, args ...any) (doorRows, error) {
	rows, err := d.DB.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	return rows, nil
}

func (d sqlDoor) QueryRowContext(ctx context.Context, q string, args ...any) doorRow {
	return d.DB.QueryRowContext(ctx, q, args...)
}

func (d sqlDoor) BeginTx(ctx context.Context, opts *sql.TxOptions) (doorTx, error) {
	tx, err := d.DB.BeginTx(ctx, opts)
	if err != nil {
		return nil, err
	}
	return sqlTx{tx}, nil
}

type sqlTx struct{ *sql.Tx }

func (t sqlTx) QueryContext(ctx context.Context, q string, args ...any) (doorRows, error) {
	rows, err := t.Tx.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	return rows, nil
}

func (d sqlDoor) Prepare(ctx context.Context, q string) error {
	st, err := d.DB.PrepareContext(ctx, q)
	if err != nil {
		return err
	}
	return st.Close()
}

// pgxDoor is tombstone's pgx-native pool, created on first use (so that
// SetMaxOpenConns can size it).
type pgxDoor struct {
	t    testing.TB
	cfg  *pgxpool.Config
	p    *tombstone.Policy
	opts []tombstone.Option
	once sync.Once
	pool *tpgx.Pool
}

func newPgxDoor(t testing.TB, dsn string, p *tombstone.Policy, sent *atomic.Int64, opts []tombstone.Option) *pgxDoor {
	cfg, err := pgxpool.ParseConfig(dsn)
	if err != nil {
		t.Fatal(err)
	}
	if sent != nil {
		cfg.ConnConfig.Tracer = countingTracer{sent}
	}
	return &pgxDoor{t: t, cfg: cfg, p: p, opts: opts}
}

func (d *pgxDoor) get() *tpgx.Pool {
	d.once.Do(func() {
		pool, err := tpgx.NewPool(context.Background(), d.cfg, d.p, d.opts...)
		if err != nil {
			d.t.Fatal(err)
		}
		d.t.Cleanup(pool.Close)
		d.pool = pool
	})
	return d.pool
}

func (d *pgxDoor) ExecContext(ctx context.Context, q string, args ...any) (sql.Result, error) {
	tag, err := d.get().Exec(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	return tagResult{tag}, nil
}

func (d *pgxDoor) QueryContext(ctx context.Context, q string, args ...any) (doorRows, error) {
	rows, err := d.get().Query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	return pgxRows{rows}, nil
}

func (d *pgxDoor) QueryRowContext(ctx context.Context, q string, args ...any) doorRow {
	return d.get().QueryRow(ctx, q, args...)
}

func (d *pgxDoor) BeginTx(ctx context.Context, opts *sql.TxOptions) (doorTx, error) {
	tx, err := d.get().Begin(ctx)
	if err != nil {
		return nil, err
	}
	return pgxTx{ctx, tx}, nil
}

func (d *pgxDoor) Prepare(ctx context.Context, q string) error {
	c, err := d.get().Acquire(ctx)
	if err != nil {
		return err
	}
	defer c.Release()
	if _, err := c.Prepare(ctx, "prepared", q); err != nil {
		return err
	}
	return c.Deallocate(ctx, "prepared")
}

func (d *pgxDoor) Ping() error { return d.get().Ping(context.Background()) }

func (d *pgxDoor) SetMaxOpenConns(n int) {
	if d.pool != nil {
		d.t.Fatal("SetMaxOpenConns after the pool was opened")
	}
	d.cfg.MaxConns = int32(n)
}

type tagResult struct{ tag pgconn.CommandTag }

func (r tagResult) LastInsertId() (int64, error) { return 0, nil }
func (r tagResult) RowsAffected() (int64, error) { return r.tag.RowsAffected(), nil }

type pgxRows struct{ pgx.Rows }

func (r pgxRows) Close() error { r.Rows.Close(); return r.Rows.Err() }

type pgxTx struct {
	ctx context.Context
	pgx.Tx
}

func (t pgxTx) ExecContext(ctx context.Context, q string, args ...any) (sql.Result, error) {
	tag, err := t.Tx.Exec(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	return tagResult{tag}, nil
}

func (t pgxTx) QueryContext(ctx context.Context, q string, args ...any) (doorRows, error) {
	rows, err := t.Tx.Query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	return pgxRows{rows}, nil
}

func (t pgxTx) Commit() error   { return t.Tx.Commit(t.ctx) }
func (t pgxTx) Rollback() error { return t.Tx.Rollback(t.ctx) }

// countingTracer counts the statements pgx sends: proof that a refusal
// sent nothing.
type countingTracer struct{ n *atomic.Int64 }

func (c countingTracer) TraceQueryStart(ctx context.Context, _ *pgx.Conn, _ pgx.TraceQueryStartData) context.Context {
	c.n.Add(1)
	return ctx
}

func (c countingTracer) TraceQueryEnd(context.Context, *pgx.Conn, pgx.TraceQueryEndData) {}

func (c countingTracer) TraceBatchStart(ctx context.Context, _ *pgx.Conn, _ pgx.TraceBatchStartData) context.Context {
	c.n.Add(1)
	return ctx
}

func (c countingTracer) TraceBatchQuery(context.Context, *pgx.Conn, pgx.TraceBatchQueryData) {}
func (c countingTracer) TraceBatchEnd(context.Context, *pgx.Conn, pgx.TraceBatchEndData)     {}

func (c countingTracer) TraceCopyFromStart(ctx context.Context, _ *pgx.Conn, _ pgx.TraceCopyFromStartData) context.Context {
	c.n.Add(1)
	return ctx
}

func (c countingTracer) TraceCopyFromEnd(context.Context, *pgx.Conn, pgx.TraceCopyFromEndData) {}

func (c countingTracer) TracePrepareStart(ctx context.Context, _ *pgx.Conn, _ pgx.TracePrepareStartData) context.Context {
	c.n.Add(1)
	return ctx
}

func (c countingTracer) TracePrepareEnd(context.Context, *pgx.Conn, pgx.TracePrepareEndData) {}
