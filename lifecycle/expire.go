package lifecycle

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/tombstone-sql/tombstone"
	"github.com/tombstone-sql/tombstone/policy"
	"github.com/tombstone-sql/tombstone/rewrite"
	"github.com/tombstone-sql/tombstone/schema"
)

// Expire runs the timed rules of policy p once on db, a database opened
// through tombstone with p in the named dialect (postgres, mysql, sqlite),
// and reports what it did per table and action. It stops at the first
// error; every batch before it is committed, the failing one is rolled
// back whole, and the report says what was done.
func Expire(ctx context.Context, db *sql.DB, p *policy.Policy, dialect string, opts ...Option) (*Report, error) {
	cfg := &config{batch: DefaultBatch, actor: DefaultActor}
	for _, o := range opts {
		o(cfg)
	}
	if cfg.batch < 1 || cfg.batch > 10000 {
		return nil, fmt.Errorf("lifecycle: batch size %d; use 1 to 10000 rows", cfg.batch)
	}
	if _, ok := db.Driver().(*tombstone.Driver); !ok {
		return nil, fmt.Errorf("%w: open it with tombstone.OpenDB, a tombstone connector or dburl.Open, so the job's statements are enforced and audited", ErrNotEnforced)
	}
	d, err := newDialect(dialect)
	if err != nil {
		return nil, err
	}
	steps, err := plan(p, cfg)
	if err != nil {
		return nil, err
	}
	for _, s := range steps {
		if s.t.Rule == policy.Soft {
			if _, err := rewrite.PastWindow(d.Dialect, s.t, s.t.Column); err != nil {
				return nil, fmt.Errorf("lifecycle: %w", err)
			}
		}
	}
	r := &run{db: db, d: d, cfg: cfg, audited: p.Audit != nil}
	if cfg.hasRole {
		ctx = tombstone.WithRole(ctx, cfg.role)
	}
	// Every check before any change: a run that cannot anonymize a table
	// changes nothing at all.
	for _, s := range steps {
		if err := r.check(ctx, s); err != nil {
			return nil, err
		}
	}
	start := time.Now()
	rep := &Report{DryRun: cfg.dryRun}
	for _, s := range steps {
		st := Step{Table: s.t.Name, Action: s.action, Rule: s.rule}
		began := time.Now()
		err := r.step(ctx, s, &st, rep)
		st.Duration = time.Since(began)
		rep.Steps = append(rep.Steps, st)
		if err != nil {
			rep.Duration = time.Since(start)
			return rep, fmt.Errorf("lifecycle: %s %s: %w", s.action, s.t.Name, err)
		}
	}
	rep.Duration = time.Since(start)
	return rep, nil
}

// step is one table and action of a run.
type step struct {
	t      *policy.Table
	action Action
	rule   string
	// due is the condition of the rows the step changes, on the database's
	// clock; for anonymize it also says the row is not anonymized yet.
	due func(b *builder) string
	// scope is the tombstone scope its statements run in.
	scope func(context.Context) context.Context
	// beneath: the change is sent beneath enforcement (a DELETE of a
	// retain table's rows past their retention).
	beneath bool
}

// plan returns the run's steps in policy order.
func plan(p *policy.Policy, cfg *config) ([]*step, error) {
	want := map[*policy.Table]bool{}
	for _, name := range cfg.tables {
		t := p.Table(name)
		if t == nil {
			return nil, fmt.Errorf("%w: %s is not governed by %s; name one of its tables", ErrUnknownTable, name, p.Source)
		}
		want[t] = true
	}
	var out []*step
	for _, t := range p.Tables {
		if len(want) > 0 && !want[t] {
			continue
		}
		s, err := stepOf(t)
		if err != nil {
			return nil, err
		}
		if s != nil {
			out = append(out, s)
		}
	}
	return out, nil
}

func stepOf(t *policy.Table) (*step, error) {
	live := func(ctx context.Context) context.Context { return ctx }
	switch t.Rule {
	case policy.Soft:
		if t.RestoreWindow.IsZero() || t.AfterWindow == policy.Keep {
			return nil, nil
		}
		if t.Marker == policy.Flag {
			return nil, fmt.Errorf("%w: %s (line %d) has restore_window %s and after_window %s, but its marker %s is a flag, which holds no deletion time; use marker: timestamp or unix", ErrNoDeletionTime, t.Name, t.Line, t.RestoreWindow, t.AfterWindow, t.Column)
		}
		s := &step{t: t, rule: "restore window of " + t.RestoreWindow.Words() + " ended",
			scope: func(ctx context.Context) context.Context { return tombstone.OnlyDeleted(ctx, t.Name) }}
		due := func(b *builder) string {
			// The complement of the restore's window test, so a tombstone
			// exactly at the boundary is due here and no longer restorable.
			cond, err := rewrite.PastWindow(b.d.Dialect, t, b.d.Quote(t.Column))
			if err != nil {
				return "FALSE" // Expire refused the run before any batch
			}
			return cond
		}
		s.due = due
		if t.AfterWindow == policy.Purge {
			s.action = ActionPurge
			s.scope = func(ctx context.Context) context.Context {
				return tombstone.HardDelete(tombstone.OnlyDeleted(ctx, t.Name))
			}
		} else {
			s.action = ActionAnonymize
			s.due = func(b *builder) string { return due(b) + " AND " + notAnonymized(b, t) }
		}
		return s, nil
	case policy.Hard:
		if t.ExpireAfter.IsZero() {
			return nil, nil
		}
		return &step{t: t, action: ActionExpire, rule: "older than " + t.ExpireAfter.Words() + " after " + t.AgeColumn, scope: live,
			due: func(b *builder) string { return b.d.older(b.d.Quote(t.AgeColumn), policy.Timestamp, t.ExpireAfter) }}, nil
	case policy.Retain:
		if t.AfterRetention == policy.Keep {
			return nil, nil
		}
		due := func(b *builder) string { return b.d.older(b.d.Quote(t.AgeColumn), policy.Timestamp, t.Retention) }
		s := &step{t: t, rule: "retention of " + t.Retention.Words() + " after " + t.AgeColumn + " ended", scope: live, due: due}
		if t.AfterRetention == policy.Purge {
			s.action, s.beneath = ActionExpire, true
		} else {
			s.action = ActionAnonymize
			s.due = func(b *builder) string { return due(b) + " AND " + notAnonymized(b, t) }
		}
		return s, nil
	}
	return nil, nil
}

// notAnonymized is the condition that some personal column still differs
// from what anonymizing writes: it makes anonymizing happen once.
func notAnonymized(b *builder, t *policy.Table) string {
	var parts []string
	for _, c := range t.Personal {
		parts = append(parts, b.d.differs(b.d.Quote(c), replacement(b, t, c)))
	}
	return "(" + strings.Join(parts, " OR ") + ")"
}

// replacement is what anonymizing writes in column c.
func replacement(b *builder, t *policy.Table, c string) string {
	for col, v := range t.AnonymizeWith {
		if strings.EqualFold(col, c) {
			return b.replacement(t, v)
		}
	}
	return "NULL"
}

type run struct {
	db *sql.DB
	// tx, when set (an erasure), carries the checks instead of db
	tx      txn
	d       *dialect
	cfg     *config
	audited bool
}

// check makes sure a step can run before anything changes: enforcement
// lets its scope through (the role, when the policy has roles), and an
// anonymize step can write every personal column (a NOT NULL one needs an
// anonymize_with value).
func (r *run) check(ctx context.Context, s *step) error {
	probe := "SELECT " + r.d.keyList(s.t) + " FROM " + r.d.table(s.t.Name) + " WHERE 1 = 0"
	if err := r.querier().query(s.scope(ctx), probe, nil, func(func(...any) error) (bool, error) { return false, nil }); err != nil {
		return fmt.Errorf("lifecycle: %s %s: %w", s.action, s.t.Name, err)
	}
	if s.action != ActionAnonymize {
		return nil
	}
	for _, c := range s.t.Personal {
		if replacement(&builder{d: r.d}, s.t, c) != "NULL" {
			continue
		}
		var notNull bool
		err := queryRow(ctx, r.querier(), r.d.notNullQuery(), []any{s.t.Schema, s.t.Relation, c}, &notNull)
		if errors.Is(err, errNoRows) {
			return fmt.Errorf("lifecycle: %s has no column %s (personal, line %d of the policy); fix the policy or the table", s.t.Name, c, s.t.Line)
		}
		if err != nil {
			return fmt.Errorf("lifecycle: reading the columns of %s: %w", s.t.Name, err)
		}
		if notNull {
			return fmt.Errorf("%w: %s.%s is NOT NULL, and anonymizing writes NULL where anonymize_with gives no value; add `anonymize_with: {%s: …}` to %s (line %d)", ErrNoReplacement, s.t.Name, c, c, s.t.Name, s.t.Line)
		}
	}
	return nil
}

// step runs one step to the end: batch after batch until none is due, or
// another runner holds the table.
func (r *run) step(ctx context.Context, s *step, st *Step, rep *Report) error {
	actor := tombstone.WithActor(ctx, r.cfg.actor, s.t.Name+": "+s.rule)
	ctx = s.scope(actor)
	if r.cfg.dryRun {
		b := &builder{d: r.d}
		q := "SELECT count(*) FROM " + r.d.table(s.t.Name) + " WHERE " + s.due(b)
		return r.db.QueryRowContext(ctx, q, b.args...).Scan(&st.Rows)
	}
	// The keyset cursor: each batch starts after the last key of the one
	// before, so a run visits each row at most once, and ends, whatever
	// the database makes of a change.
	var after []any
	for {
		began := time.Now()
		n, held, err := r.batch(ctx, actor, s, st.Batches+1, &after)
		if took := time.Since(began); took > rep.LongestBatch {
			rep.LongestBatch = took
		}
		if err != nil {
			return err
		}
		if held {
			st.Skipped = "another runner holds the table's lock"
			return nil
		}
		if after == nil {
			return nil
		}
		st.Rows += n
		st.Batches++
		if r.cfg.progress != nil {
			r.cfg.progress(*st)
		}
	}
}

// afterChange, when set (by tests), runs inside each batch's transaction
// after its change; an error rolls the batch back.
var afterChange func(table string, action Action, batch int) error

// batch changes at most one batch of due rows in one transaction and
// returns how many it changed; held says another runner holds the lock.
// ctx carries the step's scope, actor the same actor in the default scope.
// after is the keyset cursor: the last key of the previous batch (nil
// before the first), advanced to this batch's last key, or set to nil when
// no row is left.
func (r *run) batch(ctx, actor context.Context, s *step, number int, after *[]any) (n int64, held bool, err error) {
	conn, err := r.db.Conn(ctx)
	if err != nil {
		return 0, false, err
	}
	defer conn.Close()
	locked, err := r.d.tryLockConn(ctx, conn, s.t)
	if err != nil || !locked {
		return 0, !locked && err == nil, err
	}
	cleanup := context.WithoutCancel(ctx)
	defer func() {
		if uerr := r.d.unlockConn(cleanup, conn, s.t); uerr != nil && err == nil {
			err = uerr
		}
	}()
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return 0, false, err
	}
	committed := false
	defer func() {
		if !committed {
			_ = tx.Rollback()
			if r.d.name == "mysql" && r.audited {
				// User variables outlive a rollback.
				if _, cerr := r.beneath(cleanup, conn, schema.SetAction(r.d.name), []any{""}); cerr != nil {
					discard(conn)
				}
			}
		}
	}()
	if locked, err = r.d.tryLockTx(ctx, tx, s.t); err != nil || !locked {
		return 0, !locked && err == nil, err
	}
	if r.audited {
		// The action is tombstone's own session state, which statement text
		// sent through enforcement may never write: it goes beneath.
		if _, err := r.beneath(actor, conn, schema.SetAction(r.d.name), []any{string(s.action)}); err != nil {
			return 0, false, fmt.Errorf("telling the audit triggers the action: %w", err)
		}
	}
	if r.d.name == "sqlite" || s.beneath {
		// Through enforcement, a write that changes nothing: on SQLite it
		// takes the write lock first thing; beneath enforcement it has
		// checked the table's audit triggers (installed them, on SQLite)
		// and told them the actor.
		k := r.d.Quote(s.t.Key[0])
		_, err := tx.ExecContext(actor, "UPDATE "+r.d.table(s.t.Name)+" SET "+k+" = "+k+" WHERE 1 = 0")
		if busy(err) {
			return 0, true, nil
		}
		if err != nil {
			return 0, false, err
		}
	}
	keys, err := r.due(ctx, tx, s, *after)
	if busy(err) {
		return 0, true, nil
	}
	if err != nil {
		return 0, false, err
	}
	if len(keys) == 0 {
		*after = nil
		return 0, false, nil
	}
	b := &builder{d: r.d}
	var q string
	switch s.action {
	case ActionAnonymize:
		var sets []string
		for _, c := range s.t.Personal {
			sets = append(sets, r.d.Quote(c)+" = "+replacement(b, s.t, c))
		}
		q = "UPDATE " + r.d.table(s.t.Name) + " SET " + strings.Join(sets, ", ")
	default:
		q = "DELETE FROM " + r.d.table(s.t.Name)
	}
	q += " WHERE " + s.due(b) + " AND " + b.keyIn(s.t, keys)
	if s.beneath {
		n, err = r.beneath(ctx, conn, q, b.args)
	} else {
		var res sql.Result
		if res, err = tx.ExecContext(ctx, q, b.args...); err == nil {
			n, err = res.RowsAffected()
		}
	}
	if busy(err) {
		return 0, true, nil
	}
	if err != nil {
		return 0, false, err
	}
	if afterChange != nil {
		if err := afterChange(s.t.Name, s.action, number); err != nil {
			return 0, false, err
		}
	}
	if r.audited && r.d.name != "postgres" {
		if _, err := r.beneath(actor, conn, schema.SetAction(r.d.name), []any{""}); err != nil {
			return 0, false, err
		}
	}
	if err := tx.Commit(); err != nil {
		if busy(err) {
			return 0, true, nil
		}
		return 0, false, err
	}
	committed = true
	*after = keys[len(keys)-1]
	return n, false, nil
}

// due selects the keys of the next batch's rows, in key order after the
// cursor.
func (r *run) due(ctx context.Context, tx *sql.Tx, s *step, after []any) ([][]any, error) {
	b := &builder{d: r.d}
	q := "SELECT " + r.d.keyList(s.t) + " FROM " + r.d.table(s.t.Name) + " WHERE " + s.due(b)
	if after != nil {
		q += " AND " + b.keyAfter(s.t, after)
	}
	q += " ORDER BY " + r.d.keyList(s.t) + " LIMIT " + fmt.Sprint(r.cfg.batch)
	rows, err := tx.QueryContext(ctx, q, b.args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var keys [][]any
	for rows.Next() {
		key := make([]any, len(s.t.Key))
		ptrs := make([]any, len(key))
		for i := range key {
			ptrs[i] = &key[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return nil, err
		}
		keys = append(keys, key)
	}
	return keys, rows.Err()
}

// beneath sends q on the base connection under tombstone, inside the
// batch's transaction (the same connection).
func (r *run) beneath(ctx context.Context, conn *sql.Conn, q string, args []any) (int64, error) {
	var n int64
	err := conn.Raw(func(dc any) error {
		base, ok := tombstone.Unwrap(dc).(driver.Conn)
		if !ok {
			return errors.New("no base connection")
		}
		nv := make([]driver.NamedValue, len(args))
		for i, a := range args {
			v, err := driver.DefaultParameterConverter.ConvertValue(a)
			if err != nil {
				return err
			}
			nv[i] = driver.NamedValue{Ordinal: i + 1, Value: v}
		}
		var res driver.Result
		var err error = driver.ErrSkip
		if e, ok := base.(driver.ExecerContext); ok {
			res, err = e.ExecContext(ctx, q, nv)
		}
		if err == driver.ErrSkip {
			var st driver.Stmt
			if p, ok := base.(driver.ConnPrepareContext); ok {
				st, err = p.PrepareContext(ctx, q)
			} else {
				st, err = base.Prepare(q)
			}
			if err != nil {
				return err
			}
			defer st.Close()
			se, ok := st.(driver.StmtExecContext)
			if !ok {
				return errors.New("the base driver cannot execute with a context")
			}
			res, err = se.ExecContext(ctx, nv)
		}
		if err != nil {
			return err
		}
		n, err = res.RowsAffected()
		return err
	})
	return n, err
}
