package tombstone

import (
	"context"
	"database/sql/driver"
	"errors"
	"io"

	"github.com/tombstone-sql/tombstone/internal/enforce"
)

// conn wraps a base driver connection: statements are rewritten on the way
// out; everything else is the base connection's.
type conn struct {
	w    *enforce.Wrapper
	base driver.Conn
	ec   *enforce.Conn // the connection's enforcement state
}

// session runs tombstone's own statements on a conn's base connection.
type session struct{ c *conn }

func (s session) Exec(ctx context.Context, sql string, args ...any) error {
	return s.c.exec(ctx, sql, args...)
}

func (s session) Count(ctx context.Context, sql string, args ...any) (int64, error) {
	return s.c.count(ctx, sql, args...)
}

func (s session) Strings(ctx context.Context, sql string) ([][]string, error) {
	rows, err := s.c.baseQuery(ctx, sql, nil)
	if err == driver.ErrSkip {
		return nil, enforce.ErrUnsupported
	}
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out [][]string
	vals := make([]driver.Value, len(rows.Columns()))
	for {
		if err := rows.Next(vals); err != nil {
			if err != io.EOF {
				return out, err
			}
			return out, nil
		}
		r := make([]string, len(vals))
		for i, v := range vals {
			switch v := v.(type) {
			case string:
				r[i] = v
			case []byte:
				r[i] = string(v)
			}
		}
		out = append(out, r)
	}
}

// newConn wraps base with its enforcement state.
func newConn(w *enforce.Wrapper, base driver.Conn) *conn {
	c := &conn{w: w, base: base}
	c.ec = w.NewConn(session{c})
	return c
}

// clearActor empties the session's actor before the connection is used
// again, so that writes tombstone does not see (cascades, functions) do not
// carry the previous caller's name. A connection that cannot be cleared is
// dropped.
func (c *conn) clearActor(ctx context.Context) error {
	if err := c.ec.ClearActor(ctx); err != nil {
		return driver.ErrBadConn
	}
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
func wrapConn(w *enforce.Wrapper, base driver.Conn) (*conn, driver.Conn) {
	c := newConn(w, base)
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

// Enforcement returns the connection's enforcement state, for tombstone's
// own packages that reach it through sql.Conn.Raw (lifecycle.Restore
// records a refused restore with it, on the audit path of a refused
// delete).
func (c *conn) Enforcement() *enforce.Conn { return c.ec }

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
	d, _, err := c.w.Admit(ctx, c.ec, query, false)
	if err != nil {
		return nil, err
	}
	base, err := c.prepare(ctx, d.Text(query))
	if err != nil {
		return nil, err
	}
	// Logged when it runs, not here: database/sql prepares statements the
	// base driver answered ErrSkip to, and they must be counted once.
	return &stmt{c: c, query: query, scope: enforce.ScopeKey(ctx), base: base, sent: d.Text(query)}, nil
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
	c.ec.InTx = true
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
	d, notes, err := c.w.Admit(ctx, c.ec, query, true)
	if err != nil {
		return nil, err
	}
	res, err := c.baseExec(ctx, d.Text(query), args)
	if err == driver.ErrSkip {
		return nil, driver.ErrSkip // database/sql prepares it instead: logged there
	}
	c.w.Sent(ctx, d, notes)
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
	d, notes, err := c.w.Admit(ctx, c.ec, query, true)
	if err != nil {
		return nil, err
	}
	rows, err := c.baseQuery(ctx, d.Text(query), args)
	if err == driver.ErrSkip {
		return nil, driver.ErrSkip
	}
	c.w.Sent(ctx, d, notes)
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

// namedValues converts args for a statement tombstone itself sends.
func namedValues(args []any) []driver.NamedValue {
	nv := make([]driver.NamedValue, len(args))
	for i, a := range args {
		nv[i] = driver.NamedValue{Ordinal: i + 1, Value: a}
	}
	return nv
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
