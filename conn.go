package tombstone

import (
	"context"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/tombstone-sql/tombstone/policy"
)

// conn wraps a base driver connection: statements are rewritten on the way
// out; everything else is the base connection's.
type conn struct {
	w    *wrapper
	base driver.Conn

	// actorDirty: the session may hold an actor, cleared before the
	// connection serves anyone else.
	actorDirty bool
	// inTx: a transaction begun through the wrapper is open.
	inTx bool
	// pending are refused deletes waiting for the transaction to end to
	// be recorded (SQLite: see recordRefused).
	pending []refusal
}

// installTriggers makes sure this SQLite connection has the TEMP audit
// triggers of the tables it is about to write. It looks every time: a
// trigger created inside a transaction that was rolled back is gone.
func (c *conn) installTriggers(ctx context.Context, tables []*policy.Table) error {
	for _, t := range tables {
		trs := c.w.triggers[t.Name]
		if len(trs) == 0 {
			continue
		}
		names := make([]any, 0, 2)
		for _, tr := range trs {
			names = append(names, tr.Name)
		}
		q := "SELECT count(*) FROM sqlite_temp_master WHERE type = 'trigger' AND name IN (?" + strings.Repeat(", ?", len(names)-1) + ")"
		n, err := c.count(ctx, q, names...)
		if err != nil {
			return fmt.Errorf("tombstone: checking the audit triggers of %s: %w", t.Name, err)
		}
		if int(n) == len(trs) {
			continue
		}
		for _, tr := range trs {
			if err := c.exec(ctx, tr.SQL); err != nil {
				return fmt.Errorf("%w: cannot create the audit trigger %s of %s: %v", ErrNoAudit, tr.Name, t.Name, err)
			}
		}
	}
	return nil
}

// setActor tells the audit triggers who acts and why. It is sent before
// every audited write, never taken as known: a statement could have changed
// the session's values since (SET @tombstone_actor = … on MySQL).
func (c *conn) setActor(ctx context.Context, actor, reason string) error {
	if err := c.exec(ctx, c.w.setActor, actor, reason); err != nil {
		return err
	}
	c.actorDirty = c.actorDirty || actor != "" || reason != ""
	return nil
}

// clearActor empties the session's actor before the connection is used
// again, so that writes tombstone does not see (cascades, functions) do not
// carry the previous caller's name. A connection that cannot be cleared is
// dropped.
func (c *conn) clearActor(ctx context.Context) error {
	if !c.actorDirty {
		return nil
	}
	if err := c.setActor(ctx, "", ""); err != nil {
		return driver.ErrBadConn
	}
	c.actorDirty = false
	return nil
}

var (
	_ driver.Conn               = (*conn)(nil)
	_ driver.ConnPrepareContext = (*conn)(nil)
	_ driver.ConnBeginTx        = (*conn)(nil)
	_ driver.ExecerContext      = (*conn)(nil)
	_ driver.QueryerContext     = (*conn)(nil)
	_ driver.NamedValueChecker  = (*conn)(nil)
	_ driver.Pinger             = (*conn)(nil)
	_ driver.SessionResetter    = connResetter{}
	_ driver.Validator          = connValidator{}
	_ driver.SessionResetter    = connResetterValidator{}
	_ driver.Validator          = connResetterValidator{}
)

// wrapConn wraps a base connection, claiming SessionResetter and Validator
// only where the base has them: database/sql keeps a connection after a
// cancelled transaction only when it has both, so claiming either would
// change its behaviour.
func wrapConn(w *wrapper, base driver.Conn) (*conn, driver.Conn) {
	c := &conn{w: w, base: base}
	_, r := base.(driver.SessionResetter)
	_, v := base.(driver.Validator)
	switch {
	case r && v:
		return c, connResetterValidator{c}
	case r:
		return c, connResetter{c}
	case v:
		return c, connValidator{c}
	}
	return c, c
}

type connResetter struct{ *conn }

func (c connResetter) ResetSession(ctx context.Context) error {
	if err := c.base.(driver.SessionResetter).ResetSession(ctx); err != nil {
		return err
	}
	return c.clearActor(ctx)
}

type connValidator struct{ *conn }

func (c connValidator) IsValid() bool { return c.base.(driver.Validator).IsValid() }

type connResetterValidator struct{ *conn }

func (c connResetterValidator) ResetSession(ctx context.Context) error {
	if err := c.base.(driver.SessionResetter).ResetSession(ctx); err != nil {
		return err
	}
	return c.clearActor(ctx)
}

func (c connResetterValidator) IsValid() bool { return c.base.(driver.Validator).IsValid() }

// Unwrap returns the base driver's connection, for code that reaches it
// through sql.Conn.Raw (pgx's *stdlib.Conn, modernc's helpers). Statements
// sent on it bypass tombstone.
func (c *conn) Unwrap() driver.Conn { return c.base }

// Unwrap returns the base driver connection under a connection that
// sql.Conn.Raw handed out, unwrapping every tombstone layer; other
// connections are returned as they are.
func Unwrap(dc any) any {
	for {
		u, ok := dc.(interface{ Unwrap() driver.Conn })
		if !ok {
			return dc
		}
		dc = u.Unwrap()
	}
}

func (c *conn) Prepare(query string) (driver.Stmt, error) {
	return c.PrepareContext(context.Background(), query)
}

func (c *conn) PrepareContext(ctx context.Context, query string) (driver.Stmt, error) {
	d, _, err := c.w.admit(ctx, c, query, false)
	if err != nil {
		return nil, err
	}
	base, err := c.prepare(ctx, d.text(query))
	if err != nil {
		return nil, err
	}
	// Logged when it runs, not here: database/sql prepares statements the
	// base driver answered ErrSkip to, and they must be counted once.
	return &stmt{c: c, query: query, scope: scopeKey(ctx), base: base, sent: d.text(query)}, nil
}

// prepare prepares sql on the base connection, with the context check
// database/sql does for drivers without ConnPrepareContext.
func (c *conn) prepare(ctx context.Context, sql string) (driver.Stmt, error) {
	if p, ok := c.base.(driver.ConnPrepareContext); ok {
		return p.PrepareContext(ctx, sql)
	}
	s, err := c.base.Prepare(sql)
	if err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

func (c *conn) Close() error { return c.base.Close() }

// Begin is the legacy form of BeginTx.
func (c *conn) Begin() (driver.Tx, error) {
	return c.BeginTx(context.Background(), driver.TxOptions{})
}

func (c *conn) BeginTx(ctx context.Context, opts driver.TxOptions) (driver.Tx, error) {
	t, err := c.beginTx(ctx, opts)
	if err != nil {
		return nil, err
	}
	c.inTx = true
	return &tx{c: c, base: t}, nil
}

func (c *conn) beginTx(ctx context.Context, opts driver.TxOptions) (driver.Tx, error) {
	if b, ok := c.base.(driver.ConnBeginTx); ok {
		return b.BeginTx(ctx, opts)
	}
	// database/sql's own fallback for drivers without ConnBeginTx.
	if opts.Isolation != driver.IsolationLevel(0) {
		return nil, errors.New("sql: driver does not support non-default isolation level")
	}
	if opts.ReadOnly {
		return nil, errors.New("sql: driver does not support read-only transactions")
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return c.base.Begin() //nolint:staticcheck // the base driver has nothing else
}

func (c *conn) ExecContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Result, error) {
	d, notes, err := c.w.admit(ctx, c, query, true)
	if err != nil {
		return nil, err
	}
	res, err := c.baseExec(ctx, d.text(query), args)
	if err == driver.ErrSkip {
		return nil, driver.ErrSkip // database/sql prepares it instead: logged there
	}
	c.w.sent(ctx, d, notes)
	return res, err
}

func (c *conn) baseExec(ctx context.Context, sql string, args []driver.NamedValue) (driver.Result, error) {
	if e, ok := c.base.(driver.ExecerContext); ok {
		return e.ExecContext(ctx, sql, args)
	}
	if e, ok := c.base.(driver.Execer); ok { //nolint:staticcheck // legacy base drivers
		vals, err := values(args)
		if err != nil {
			return nil, err
		}
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		return e.Exec(sql, vals)
	}
	return nil, driver.ErrSkip
}

func (c *conn) QueryContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	d, notes, err := c.w.admit(ctx, c, query, true)
	if err != nil {
		return nil, err
	}
	rows, err := c.baseQuery(ctx, d.text(query), args)
	if err == driver.ErrSkip {
		return nil, driver.ErrSkip
	}
	c.w.sent(ctx, d, notes)
	return rows, err
}

func (c *conn) baseQuery(ctx context.Context, sql string, args []driver.NamedValue) (driver.Rows, error) {
	if q, ok := c.base.(driver.QueryerContext); ok {
		return q.QueryContext(ctx, sql, args)
	}
	if q, ok := c.base.(driver.Queryer); ok { //nolint:staticcheck // legacy base drivers
		vals, err := values(args)
		if err != nil {
			return nil, err
		}
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		return q.Query(sql, vals)
	}
	return nil, driver.ErrSkip
}

// exec runs a statement of tombstone's own (the actor for the audit
// triggers, a refused delete's audit row) on the base connection.
func (c *conn) exec(ctx context.Context, sql string, args ...any) error {
	nv := namedValues(args)
	_, err := c.baseExec(ctx, sql, nv)
	if err == driver.ErrSkip {
		var s driver.Stmt
		if s, err = c.prepare(ctx, sql); err != nil {
			return err
		}
		defer s.Close()
		_, err = stmtExec(ctx, s, nv)
	}
	return err
}

// count runs a query of tombstone's own that returns one integer.
func (c *conn) count(ctx context.Context, sql string, args ...any) (int64, error) {
	nv := namedValues(args)
	rows, err := c.baseQuery(ctx, sql, nv)
	if err == driver.ErrSkip {
		var s driver.Stmt
		if s, err = c.prepare(ctx, sql); err != nil {
			return 0, err
		}
		defer s.Close()
		rows, err = stmtQuery(ctx, s, nv)
	}
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	dest := make([]driver.Value, len(rows.Columns()))
	if err := rows.Next(dest); err != nil {
		if err == io.EOF {
			return 0, errors.New("no row")
		}
		return 0, err
	}
	switch v := dest[0].(type) {
	case int64:
		return v, nil
	case []byte:
		var n int64
		for _, b := range v {
			n = n*10 + int64(b-'0')
		}
		return n, nil
	}
	return 0, errors.New("not a count")
}

// CheckNamedValue lets the base connection check arguments (pgx's types,
// MySQL's uint64); without a checker of its own, database/sql's default
// conversion applies.
func (c *conn) CheckNamedValue(nv *driver.NamedValue) error {
	if ch, ok := c.base.(driver.NamedValueChecker); ok {
		return ch.CheckNamedValue(nv)
	}
	return driver.ErrSkip
}

func (c *conn) Ping(ctx context.Context) error {
	if p, ok := c.base.(driver.Pinger); ok {
		return p.Ping(ctx)
	}
	return nil
}

// values converts arguments for a legacy base driver, as database/sql
// does: named arguments cannot be passed.
func values(args []driver.NamedValue) ([]driver.Value, error) {
	out := make([]driver.Value, len(args))
	for i, a := range args {
		if a.Name != "" {
			return nil, errors.New("sql: driver does not support the use of Named Parameters")
		}
		out[i] = a.Value
	}
	return out, nil
}

func scopeKey(ctx context.Context) string {
	if st := stateFrom(ctx); st != nil {
		return st.key
	}
	return ""
}
