package lifecycle

import (
	"context"
	"database/sql"
	"fmt"

	pgxv5 "github.com/jackc/pgx/v5"

	"github.com/tombstone-sql/tombstone"
	tombstonepgx "github.com/tombstone-sql/tombstone/drivers/pgx"
	"github.com/tombstone-sql/tombstone/internal/enforce"
	"github.com/tombstone-sql/tombstone/schema"
)

// Database is what Restore, Purge, Tombstones and Erase send their statements
// through: a *sql.DB opened through tombstone (tombstone.OpenDB, a
// tombstone connector, dburl.Open), or the pgx native pool of
// drivers/pgx. Both are tombstone's front doors, so the same statement
// meets the same enforcement (internal/enforce) whichever one carries it;
// lifecycle builds each statement once and only the way it is sent
// differs (see txn).
type Database interface {
	*sql.DB | *tombstonepgx.Pool
}

// errNoRows is what txn.queryRow returns when the query has no row, on
// either front door.
var errNoRows = sql.ErrNoRows

// querier sends a query on an enforced front door.
type querier interface {
	// query calls each for every row, with the row's scan function.
	query(ctx context.Context, q string, args []any, each func(scan func(dest ...any) error) (more bool, err error)) error
}

// txn is one transaction on an enforced front door.
type txn interface {
	querier
	exec(ctx context.Context, q string, args ...any) (int64, error)
	// setAction sets, beneath enforcement, the action the audit triggers
	// record for the rows the transaction deletes or anonymizes
	// (schema.SetAction: purge, erase, …) instead of hard_delete; ""
	// clears it. It is tombstone's own session state, which statement
	// text sent through enforcement may never write. On PostgreSQL it
	// ends with the transaction; elsewhere the caller clears it before
	// committing, and a rollback clears MySQL's (user variables outlive
	// a rollback).
	setAction(ctx context.Context, dialect, action string) error
	commit(ctx context.Context) error
	rollback(ctx context.Context) error
}

// begin starts a transaction on db, refusing a *sql.DB that was not
// opened through tombstone.
func begin[D Database](ctx context.Context, db D, what string) (txn, error) {
	switch x := any(db).(type) {
	case *sql.DB:
		if x == nil {
			return nil, fmt.Errorf("tombstone: %s: no database", what)
		}
		if _, ok := x.Driver().(*tombstone.Driver); !ok {
			return nil, fmt.Errorf("%w: open it with tombstone.OpenDB, a tombstone connector or dburl.Open, so the restore window, the roles and the audit trail hold", ErrNotEnforced)
		}
		// One connection for the transaction and for what goes beneath
		// enforcement (setAction).
		conn, err := x.Conn(ctx)
		if err != nil {
			return nil, err
		}
		audited := true
		_ = enforcementOf(conn, func(ec *enforce.Conn) error { audited = ec.W.Audited(); return nil })
		tx, err := conn.BeginTx(ctx, nil)
		if err != nil {
			conn.Close()
			return nil, err
		}
		return &sqlTxn{tx: tx, conn: conn, audited: audited}, nil
	case *tombstonepgx.Pool:
		if x == nil {
			return nil, fmt.Errorf("tombstone: %s: no pool", what)
		}
		tx, err := x.Begin(ctx)
		if err != nil {
			return nil, err
		}
		return pgxTxn{tx}, nil
	}
	return nil, fmt.Errorf("%w: %T", ErrNotEnforced, db)
}

// enforcementOf runs f with the enforcement state of conn, a connection of
// a *sql.DB opened through tombstone; ErrNotEnforced for any other.
func enforcementOf(conn *sql.Conn, f func(*enforce.Conn) error) error {
	return conn.Raw(func(dc any) error {
		e, ok := dc.(interface{ Enforcement() *enforce.Conn })
		if !ok {
			return ErrNotEnforced
		}
		return f(e.Enforcement())
	})
}

type sqlTxn struct {
	tx      *sql.Tx
	conn    *sql.Conn
	dialect string
	// action is set beneath enforcement and not cleared yet
	action bool
	// audited: the policy has an audit trail, whose triggers read the
	// action (without one, SQLite connections have no session table)
	audited bool
}

func (t *sqlTxn) exec(ctx context.Context, q string, args ...any) (int64, error) {
	res, err := t.tx.ExecContext(ctx, q, args...)
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

func (t *sqlTxn) query(ctx context.Context, q string, args []any, each func(scan func(dest ...any) error) (bool, error)) error {
	rows, err := t.tx.QueryContext(ctx, q, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		more, err := each(rows.Scan)
		if err != nil {
			return err
		}
		if !more {
			return nil
		}
	}
	return rows.Err()
}

func (t *sqlTxn) setAction(ctx context.Context, dialect, action string) error {
	t.dialect = dialect
	if !t.audited {
		return nil // no trigger reads it
	}
	if _, err := (&run{}).beneath(ctx, t.conn, schema.SetAction(t.dialect), []any{action}); err != nil {
		return err
	}
	t.action = action != ""
	return nil
}

func (t *sqlTxn) commit(ctx context.Context) error {
	err := t.tx.Commit()
	t.release(ctx)
	return err
}

func (t *sqlTxn) rollback(ctx context.Context) error {
	err := t.tx.Rollback()
	t.release(ctx)
	return err
}

// release gives the connection back, its action cleared; a connection
// whose action cannot be cleared is closed instead of pooled.
func (t *sqlTxn) release(ctx context.Context) {
	if t.action && t.dialect != "postgres" {
		if err := t.setAction(context.WithoutCancel(ctx), t.dialect, ""); err != nil {
			discard(t.conn)
		}
	}
	t.conn.Close()
}

type pgxTxn struct{ tx pgxv5.Tx }

func (t pgxTxn) exec(ctx context.Context, q string, args ...any) (int64, error) {
	tag, err := t.tx.Exec(ctx, q, args...)
	if err != nil {
		return 0, err
	}
	return tag.RowsAffected(), nil
}

func (t pgxTxn) query(ctx context.Context, q string, args []any, each func(scan func(dest ...any) error) (bool, error)) error {
	rows, err := t.tx.Query(ctx, q, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		more, err := each(rows.Scan)
		if err != nil {
			return err
		}
		if !more {
			return nil
		}
	}
	return rows.Err()
}

func (t pgxTxn) setAction(ctx context.Context, _, action string) error {
	b, ok := t.tx.(interface{ Base() pgxv5.Tx })
	if !ok {
		return fmt.Errorf("%w: %T has no base transaction", ErrNotEnforced, t.tx)
	}
	// Local to the transaction: it ends with it.
	_, err := b.Base().Exec(ctx, schema.SetAction("postgres"), action)
	return err
}

func (t pgxTxn) commit(ctx context.Context) error   { return t.tx.Commit(ctx) }
func (t pgxTxn) rollback(ctx context.Context) error { return t.tx.Rollback(ctx) }

// queryRow scans the first row of q into dest; errNoRows when there is
// none.
func queryRow(ctx context.Context, tx querier, q string, args []any, dest ...any) error {
	found := false
	err := tx.query(ctx, q, args, func(scan func(...any) error) (bool, error) {
		found = true
		return false, scan(dest...)
	})
	if err != nil {
		return err
	}
	if !found {
		return errNoRows
	}
	return nil
}

// dialectOf is the dialect a front door speaks: the pgx pool speaks
// PostgreSQL only, whatever its caller names, and a *sql.DB the one its
// caller names.
func dialectOf[D Database](db D, dialect string) string {
	if _, ok := any(db).(*tombstonepgx.Pool); ok {
		return "postgres"
	}
	return dialect
}

// sqlDB sends queries on a *sql.DB, each on a connection of its pool.
type sqlDB struct{ db *sql.DB }

func (d sqlDB) query(ctx context.Context, q string, args []any, each func(scan func(dest ...any) error) (bool, error)) error {
	rows, err := d.db.QueryContext(ctx, q, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		more, err := each(rows.Scan)
		if err != nil {
			return err
		}
		if !more {
			return nil
		}
	}
	return rows.Err()
}

// querier is what a job's checks are sent on: the erasure's transaction,
// or the expire job's database.
func (r *run) querier() querier {
	if r.tx != nil {
		return r.tx
	}
	return sqlDB{r.db}
}
