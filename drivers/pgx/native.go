package pgx

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"weak"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/tombstone-sql/tombstone"
	"github.com/tombstone-sql/tombstone/internal/enforce"
)

// front is what the wrappers of one pool or one connection share: the
// enforcement, and the statements prepared through them.
type front struct {
	w *enforce.Wrapper
	// prepared: *pgx.Conn → *sync.Map of name → prepared, the statements
	// prepared through tombstone on that base connection.
	prepared sync.Map
	// anyPrepared: prepared holds something (the cached path skips the
	// lookup otherwise).
	anyPrepared atomic.Bool
	// connected: the base connections already prepared by
	// enforce's Connected (its checks run once per connection, not once
	// per call); entries go when their connection is collected.
	connected sync.Map // weak.Pointer[pgx.Conn] → struct{}
}

// prepared is a statement prepared through tombstone: its SQL, and the
// text it was prepared with (rewritten for the scope of its Prepare).
type prepared struct{ sql, text string }

// newFront builds the enforcement of policy p with tombstone's options;
// connect opens a base connection of tombstone's own (for a refused
// delete's audit row).
func newFront(p *tombstone.Policy, connect func(context.Context) (*pgx.Conn, error), opts []tombstone.Option) (*front, error) {
	cfg := &enforce.Config{CacheEntries: tombstone.DefaultCacheEntries, CacheBytes: tombstone.DefaultCacheBytes}
	for _, o := range opts {
		o(cfg)
	}
	if cfg.Dialect != "" {
		if d, err := tombstone.Dialect(cfg.Dialect); err != nil || d.Name() != "postgres" {
			return nil, fmt.Errorf("tombstone: pgx speaks the postgres dialect, not %q; drop WithDialect", cfg.Dialect)
		}
	}
	w, err := enforce.New(p, "postgres", cfg)
	if err != nil {
		return nil, err
	}
	w.Open = func(ctx context.Context) (enforce.Session, func() error, error) {
		c, err := connect(ctx)
		if err != nil {
			return nil, nil, err
		}
		return session{c}, func() error { return c.Close(context.WithoutCancel(ctx)) }, nil
	}
	return &front{w: w}, nil
}

// querier is what statements run on: a *pgx.Conn or a pgx.Tx.
type querier interface {
	Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error)
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
	SendBatch(ctx context.Context, b *pgx.Batch) pgx.BatchResults
	CopyFrom(ctx context.Context, table pgx.Identifier, columns []string, src pgx.CopyFromSource) (int64, error)
	Prepare(ctx context.Context, name, sql string) (*pgconn.StatementDescription, error)
}

// session runs tombstone's own statements on a base connection (inside
// the caller's transaction when q is one).
type session struct{ q querier }

func (s session) Exec(ctx context.Context, sql string, args ...any) error {
	_, err := s.q.Exec(ctx, sql, args...)
	return err
}

func (s session) Count(ctx context.Context, sql string, args ...any) (int64, error) {
	var n int64
	err := s.q.QueryRow(ctx, sql, args...).Scan(&n)
	return n, err
}

func (s session) Strings(ctx context.Context, sql string) ([][]string, error) {
	rows, err := s.q.Query(ctx, sql)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out [][]string
	for rows.Next() {
		vals, err := rows.Values()
		if err != nil {
			return out, err
		}
		r := make([]string, len(vals))
		for i, v := range vals {
			if s, ok := v.(string); ok {
				r[i] = s
			}
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// link is one caller's hold on one base connection: every statement goes
// through it, and the audit actor is set on that connection.
type link struct {
	f  *front
	pc *pgx.Conn // the base connection, for QueryRewriters
	q  querier   // the connection or the transaction statements run on
	ec *enforce.Conn
}

func (f *front) link(ctx context.Context, pc *pgx.Conn) (*link, error) {
	l := &link{f: f, pc: pc, q: pc}
	l.ec = f.w.NewConn(session{pc})
	k := weak.Make(pc)
	if _, done := f.connected.Load(k); done {
		return l, nil
	}
	if err := f.w.Connected(ctx, l.ec); err != nil {
		return nil, err
	}
	if _, loaded := f.connected.LoadOrStore(k, struct{}{}); !loaded {
		runtime.AddCleanup(pc, func(k weak.Pointer[pgx.Conn]) { f.connected.Delete(k) }, k)
	}
	return l, nil
}

// in returns a link for the same connection whose statements run in tx.
func (l *link) in(tx querier) *link {
	return &link{f: l.f, pc: l.pc, q: tx, ec: l.ec} // the same connection: its session runs in tx too
}

// clear empties the connection's actor before another caller gets it; a
// connection that cannot be cleared is closed, so the pool drops it.
func (l *link) clear(ctx context.Context) {
	if !l.ec.ActorDirty() {
		return
	}
	ctx = context.WithoutCancel(ctx)
	if err := l.ec.ClearActor(ctx); err != nil {
		l.pc.Close(ctx)
	}
}

// options are pgx's leading option arguments (QueryExecMode,
// QueryResultFormats, …) that a call to Query (query) or Exec may start
// with, as pgx reads them. The last QueryRewriter among them, if any, is
// returned with the arguments left once every rewriter is taken out.
func options(args []any, query bool) (pgx.QueryRewriter, []any) {
	var rw pgx.QueryRewriter
	n := 0
	for _, a := range args {
		switch a := a.(type) {
		case pgx.QueryExecMode:
		case pgx.QueryResultFormats, pgx.QueryResultFormatsByOID:
			if !query {
				return finish(rw, args, n)
			}
		case pgx.QueryRewriter:
			rw = a
		default:
			return finish(rw, args, n)
		}
		n++
	}
	return finish(rw, args, n)
}

// finish drops the rewriters from the n leading option arguments.
func finish(rw pgx.QueryRewriter, args []any, n int) (pgx.QueryRewriter, []any) {
	if rw == nil {
		return nil, args
	}
	out := make([]any, 0, len(args))
	for i, a := range args {
		if _, ok := a.(pgx.QueryRewriter); ok && i < n {
			continue
		}
		out = append(out, a)
	}
	return rw, out
}

// rewriteFirst runs the call's QueryRewriter (pgx.NamedArgs, …) as pgx
// would, so that tombstone decides the SQL that is sent.
func (l *link) rewriteFirst(ctx context.Context, sql string, args []any, query bool) (string, []any, error) {
	rw, args := options(args, query)
	if rw == nil {
		return sql, args, nil
	}
	n := 0 // the options left before the arguments
	for n < len(args) {
		switch args[n].(type) {
		case pgx.QueryExecMode:
			n++
			continue
		case pgx.QueryResultFormats, pgx.QueryResultFormatsByOID:
			if query {
				n++
				continue
			}
		}
		break
	}
	sql, rest, err := rw.RewriteQuery(ctx, l.pc, sql, args[n:])
	if err != nil {
		return "", nil, fmt.Errorf("rewrite query failed: %w", err)
	}
	return sql, append(args[:n:n], rest...), nil
}

// statement decides one statement about to be sent: what to send instead
// of sql, with which arguments.
func (l *link) statement(ctx context.Context, sql string, args []any, query bool) (string, []any, *enforce.Decision, []enforce.Note, error) {
	sql, args, err := l.rewriteFirst(ctx, sql, args, query)
	if err != nil {
		return "", nil, nil, nil, err
	}
	text, d, notes, err := l.decide(ctx, sql, true)
	return text, args, d, notes, err
}

// decide admits sql (or the statement prepared through tombstone under
// that name) and returns the text to send.
func (l *link) decide(ctx context.Context, sql string, sending bool) (string, *enforce.Decision, []enforce.Note, error) {
	if ps := l.f.lookup(l.pc, sql); ps != nil {
		d, notes, err := l.f.w.Admit(ctx, l.ec, ps.sql, sending)
		if err != nil {
			return "", nil, nil, err
		}
		if text := d.Text(ps.sql); text != ps.text {
			return text, d, notes, nil // another scope: sent as text
		}
		return sql, d, notes, nil
	}
	d, notes, err := l.f.w.Admit(ctx, l.ec, sql, sending)
	if err != nil {
		return "", nil, nil, err
	}
	return d.Text(sql), d, notes, nil
}

func (f *front) lookup(pc *pgx.Conn, name string) *prepared {
	if !f.anyPrepared.Load() {
		return nil
	}
	m, ok := f.prepared.Load(pc)
	if !ok {
		return nil
	}
	ps, _ := m.(*sync.Map).Load(name)
	p, _ := ps.(*prepared)
	return p
}

func (l *link) exec(ctx context.Context, sql string, args []any) (pgconn.CommandTag, error) {
	text, args, d, notes, err := l.statement(ctx, sql, args, false)
	if err != nil {
		return pgconn.CommandTag{}, err
	}
	tag, err := l.q.Exec(ctx, text, args...)
	l.f.w.Sent(ctx, d, notes)
	return tag, err
}

// query sends a query; done, when set, runs once its rows are closed.
func (l *link) query(ctx context.Context, sql string, args []any, done func()) (pgx.Rows, error) {
	text, args, d, notes, err := l.statement(ctx, sql, args, true)
	if err != nil {
		if done != nil {
			done()
		}
		return failedRows{err}, err
	}
	rows, err := l.q.Query(ctx, text, args...)
	l.f.w.Sent(ctx, d, notes)
	if done == nil {
		return rows, err
	}
	if err != nil {
		rows.Close()
		done()
		return rows, err
	}
	return &releasingRows{Rows: rows, done: done}, nil
}

func (l *link) queryRow(ctx context.Context, sql string, args []any, done func()) pgx.Row {
	rows, _ := l.query(ctx, sql, args, done)
	return row{rows}
}

// sendBatch decides every queued statement before the batch is sent: one
// refused fails the batch and nothing is sent. The caller's batch is left
// as it is; a copy holding the rewritten statements goes.
func (l *link) sendBatch(ctx context.Context, b *pgx.Batch) pgx.BatchResults {
	if len(b.QueuedQueries) == 0 {
		return l.q.SendBatch(ctx, b)
	}
	type item struct {
		sql  string
		args []any
	}
	items := make([]item, len(b.QueuedQueries))
	for i, q := range b.QueuedQueries {
		sql, args, err := l.rewriteFirst(ctx, q.SQL, q.Arguments, false)
		if err != nil {
			return pgx.FailedBatchResults(b, err)
		}
		items[i] = item{sql, args}
		if _, _, _, err := l.decide(ctx, sql, false); err != nil {
			// Decided again as sent, so that a refused delete leaves its
			// audit row; nothing of the batch goes.
			_, _, _, err = l.decide(ctx, sql, true)
			return pgx.FailedBatchResults(b, err)
		}
	}
	nb := *b
	nb.QueuedQueries = make([]*pgx.QueuedQuery, len(b.QueuedQueries))
	ds := make([]*enforce.Decision, len(items))
	ns := make([][]enforce.Note, len(items))
	for i, it := range items {
		text, d, notes, err := l.decide(ctx, it.sql, true)
		if err != nil {
			return pgx.FailedBatchResults(b, err)
		}
		q := *b.QueuedQueries[i]
		q.SQL, q.Arguments = text, it.args
		nb.QueuedQueries[i] = &q
		ds[i], ns[i] = d, notes
	}
	br := l.q.SendBatch(ctx, &nb)
	for i := range ds {
		l.f.w.Sent(ctx, ds[i], ns[i])
	}
	return br
}

// copyFrom copies rows into a table. COPY carries no SQL, so it is decided
// as the INSERT it amounts to (INSERT INTO table (columns) VALUES (…)):
// the scope and role checks apply, and a table whose INSERT tombstone would
// refuse or rewrite is refused (ErrRefused): send that INSERT with Exec.
func (l *link) copyFrom(ctx context.Context, table pgx.Identifier, columns []string, src pgx.CopyFromSource) (int64, error) {
	sql := copyInsert(table, columns)
	d, notes, err := l.f.w.Admit(ctx, l.ec, sql, true)
	if err != nil {
		return 0, fmt.Errorf("CopyFrom into %s: %w", table.Sanitize(), err)
	}
	if d.Text(sql) != sql {
		return 0, fmt.Errorf("%w: CopyFrom into %s: tombstone rewrites its INSERT, which COPY cannot carry; insert the rows with Exec instead", tombstone.ErrRefused, table.Sanitize())
	}
	n, err := l.q.CopyFrom(ctx, table, columns, src)
	l.f.w.Sent(ctx, d, notes)
	return n, err
}

// copyInsert is the INSERT a COPY into table amounts to.
func copyInsert(table pgx.Identifier, columns []string) string {
	var b strings.Builder
	b.WriteString("INSERT INTO ")
	b.WriteString(table.Sanitize())
	b.WriteString(" (")
	for i, c := range columns {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(pgx.Identifier{c}.Sanitize())
	}
	b.WriteString(") VALUES (")
	for i := range columns {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString("$" + strconv.Itoa(i+1))
	}
	b.WriteString(")")
	return b.String()
}

// prepare prepares sql rewritten for ctx's scope; executed by name in
// another scope, the statement is rewritten for that scope and sent as
// text.
func (l *link) prepare(ctx context.Context, name, sql string) (*pgconn.StatementDescription, error) {
	d, _, err := l.f.w.Admit(ctx, l.ec, sql, false)
	if err != nil {
		return nil, err
	}
	text := d.Text(sql)
	if name == sql && text != sql {
		return nil, errors.New("tombstone: a statement prepared under its own SQL as name is sent rewritten; give it a name")
	}
	sd, err := l.q.Prepare(ctx, name, text)
	if err != nil || name == "" {
		return sd, err
	}
	l.f.anyPrepared.Store(true)
	m, _ := l.f.prepared.LoadOrStore(l.pc, &sync.Map{})
	m.(*sync.Map).Store(name, &prepared{sql: sql, text: text})
	return sd, nil
}

// deallocated forgets statements deallocated on pc (all of them when name
// is "").
func (f *front) deallocated(pc *pgx.Conn, name string) {
	if name == "" {
		f.prepared.Delete(pc)
		return
	}
	if m, ok := f.prepared.Load(pc); ok {
		m.(*sync.Map).Delete(name)
	}
}
