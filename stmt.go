package tombstone

import (
	"context"
	"database/sql/driver"
	"errors"
	"sync"

	"github.com/tombstone-sql/tombstone/internal/enforce"
)

// stmt is a prepared statement. It is rewritten for the scope of the
// context it was prepared in; executed in another scope, it is prepared
// again for that scope on the same connection (database/sql reuses
// prepared statements across contexts).
type stmt struct {
	c     *conn
	query string
	scope string
	base  driver.Stmt
	sent  string // the SQL base was prepared with

	mu     sync.Mutex
	others map[string]driver.Stmt // prepared for other scopes
}

var (
	_ driver.Stmt              = (*stmt)(nil)
	_ driver.StmtExecContext   = (*stmt)(nil)
	_ driver.StmtQueryContext  = (*stmt)(nil)
	_ driver.NamedValueChecker = (*stmt)(nil)
)

func (s *stmt) Close() error {
	err := s.base.Close()
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, o := range s.others {
		if e := o.Close(); err == nil {
			err = e
		}
	}
	s.others = nil
	return err
}

// NumInput is the base statement's: rewrites never add, drop or reorder a
// placeholder.
func (s *stmt) NumInput() int { return s.base.NumInput() }

// forScope admits the statement for ctx (role, audit actor) and returns
// the base statement rewritten for ctx's scope.
func (s *stmt) forScope(ctx context.Context) (driver.Stmt, *enforce.Decision, []enforce.Note, error) {
	d, notes, err := s.c.w.Admit(ctx, s.c.ec, s.query, true)
	if err != nil {
		return nil, nil, nil, err
	}
	key := enforce.ScopeKey(ctx)
	if key == s.scope || d.Text(s.query) == s.sent {
		return s.base, d, notes, nil // the same SQL: no need to prepare it again
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if o := s.others[key]; o != nil {
		return o, d, notes, nil
	}
	o, err := s.c.prepare(ctx, d.Text(s.query))
	if err != nil {
		return nil, nil, nil, err
	}
	if s.others == nil {
		s.others = map[string]driver.Stmt{}
	}
	s.others[key] = o
	return o, d, notes, nil
}

func (s *stmt) ExecContext(ctx context.Context, args []driver.NamedValue) (driver.Result, error) {
	base, d, notes, err := s.forScope(ctx)
	if err != nil {
		return nil, err
	}
	res, err := stmtExec(ctx, base, args)
	s.c.w.Sent(ctx, d, notes)
	return res, err
}

func (s *stmt) QueryContext(ctx context.Context, args []driver.NamedValue) (driver.Rows, error) {
	base, d, notes, err := s.forScope(ctx)
	if err != nil {
		return nil, err
	}
	rows, err := stmtQuery(ctx, base, args)
	s.c.w.Sent(ctx, d, notes)
	return rows, err
}

// Exec and Query are the legacy forms; database/sql uses the context ones.
func (s *stmt) Exec(args []driver.Value) (driver.Result, error) {
	return s.ExecContext(context.Background(), named(args))
}

func (s *stmt) Query(args []driver.Value) (driver.Rows, error) {
	return s.QueryContext(context.Background(), named(args))
}

// CheckNamedValue asks the base statement's checker, then the base
// connection's, as database/sql would without the wrapper.
func (s *stmt) CheckNamedValue(nv *driver.NamedValue) error {
	if ch, ok := s.base.(driver.NamedValueChecker); ok {
		return ch.CheckNamedValue(nv)
	}
	return s.c.CheckNamedValue(nv)
}

func named(args []driver.Value) []driver.NamedValue {
	nv := make([]driver.NamedValue, len(args))
	for i, a := range args {
		nv[i] = driver.NamedValue{Ordinal: i + 1, Value: a}
	}
	return nv
}

// stmtExec runs a base statement, falling back to the legacy Exec like
// database/sql does; it never returns ErrSkip.
func stmtExec(ctx context.Context, s driver.Stmt, args []driver.NamedValue) (driver.Result, error) {
	if e, ok := s.(driver.StmtExecContext); ok {
		return e.ExecContext(ctx, args)
	}
	vals, err := values(args)
	if err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	res, err := s.Exec(vals) //nolint:staticcheck // legacy base drivers
	if err == driver.ErrSkip {
		return nil, errors.New("tombstone: the base statement has no Exec")
	}
	return res, err
}

func stmtQuery(ctx context.Context, s driver.Stmt, args []driver.NamedValue) (driver.Rows, error) {
	if q, ok := s.(driver.StmtQueryContext); ok {
		return q.QueryContext(ctx, args)
	}
	vals, err := values(args)
	if err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	rows, err := s.Query(vals) //nolint:staticcheck // legacy base drivers
	if err == driver.ErrSkip {
		return nil, errors.New("tombstone: the base statement has no Query")
	}
	return rows, err
}
