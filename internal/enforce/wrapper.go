// Package enforce is tombstone's per-statement work, shared by its front
// doors (the database/sql wrapper in the root package, pgx's native
// interface in drivers/pgx): the rewrite cache, the plan, the scope and
// role checks, the audit actor and the refused deletes' audit rows,
// shadow-mode reports and logging. A front door gives it each statement
// with the connection it runs on (Conn) and sends what it returns.
package enforce

import (
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"log/slog"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/tombstone-sql/tombstone/internal/dialects"
	"github.com/tombstone-sql/tombstone/policy"
	"github.com/tombstone-sql/tombstone/rewrite"
	"github.com/tombstone-sql/tombstone/schema"
)

// Wrapper is what every connection of one connector or pool shares: the
// policy, the rewriter and its cache.
type Wrapper struct {
	// Open opens a base connection of tombstone's own, outside the
	// caller's transaction (for a refused delete's audit row); nil when
	// none can be had.
	Open func(ctx context.Context) (Session, func() error, error)

	policy   *policy.Policy
	rw       *rewrite.Rewriter
	dialect  string
	mode     policy.Mode
	log      *slog.Logger
	cache    *cache
	setActor string   // statement that tells audit triggers the actor
	refused  string   // statement that records a refused delete
	session  []string // statements each new connection runs

	cascades sync.Once // the foreign-key check, on the first connection

	triggers map[string][]schema.Trigger // audit triggers by policy table name
	audited  sync.Map                    // *policy.Table → found: its triggers are installed

	scopes scopeChecks // each scope's check, by scope key
}

// New returns the wrapper of policy p for a dialect (postgres, mysql,
// sqlite or an alias).
func New(p *policy.Policy, dialect string, cfg *Config) (*Wrapper, error) {
	if p == nil {
		return nil, errors.New("tombstone: no policy")
	}
	d, ok := dialects.Lookup(dialect)
	if !ok {
		return nil, fmt.Errorf("tombstone: unknown dialect %q; use WithDialect(%s)", dialect, strings.Join(dialects.Names(), ", "))
	}
	w := &Wrapper{
		policy:  p,
		rw:      rewrite.New(p, d),
		dialect: d.Name(),
		mode:    p.Mode,
		log:     cfg.Logger,
		cache:   newCache(cfg.CacheEntries, cfg.CacheBytes),
	}
	if cfg.Mode != nil {
		w.mode = *cfg.Mode
	}
	if w.log == nil {
		w.log = slog.Default()
	}
	if p.Audit != nil {
		w.triggers = schema.Triggers(p, w.dialect)
		w.setActor = schema.SetActor(w.dialect)
		w.refused = schema.Refused(p, w.dialect)
		session, err := schema.Session(p, w.dialect)
		if err != nil {
			return nil, err
		}
		w.session = session
	}
	return w, nil
}

// Decision is what the wrapper does with one statement in one scope; it
// is cached, so it holds nothing that depends on the actor or the role.
type Decision struct {
	sql string // what to send
	// loggedWidened: sent in its widened scope once already, so logged
	// at INFO (see logWidened).
	loggedWidened atomic.Bool
	err           error // why it is refused (enforce mode)
	// deletes: the statement deletes or tombstones rows of these governed
	// tables.
	deletes []*policy.Table
	// writes: the governed tables it updates or deletes rows of, so their
	// audit triggers may fire and need the actor.
	writes []*policy.Table
	// restores: it assigns the tombstone column of a soft table in a
	// scope that shows tombstones (a restore, or a new deletion time);
	// an UPDATE of other columns of tombstones (anonymizing) is not one.
	restores bool
	// changesTombstones: it updates other columns of a soft table in a
	// scope that shows tombstones, so it may change a tombstone's values
	// (anonymizing): a job's work, not a reader's.
	changesTombstones bool
	// refusedDelete: the governed table of a refused DELETE, TRUNCATE or
	// REPLACE, for the audit trail.
	refusedDelete *policy.Table
	// changes: the governed tables its allowed schema changes touch;
	// changesAll: one reaches tables it does not name, or the audit table.
	changes     []*policy.Table
	changesAll  bool
	fingerprint string
	// shadow: what enforce mode would have done, for shadow-mode logs.
	shadow string
}

func (d *Decision) size() int { return len(d.sql) + len(d.shadow) + 64 }

// Text is the SQL to send for query: the rewrite, or query itself when the
// quick reject left it alone (d == nil).
func (d *Decision) Text(query string) string {
	if d == nil {
		return query
	}
	return d.sql
}

// Decide returns the cached decision for sql in scope st, planning it on a
// miss; nil means sql cannot touch a governed table and goes as it is.
func (w *Wrapper) Decide(sql string, st *state) *Decision {
	k := cacheKey{sql: sql}
	if st != nil {
		k.scope = st.key
	}
	if d := w.cache.get(k); d != nil {
		return d
	}
	if !w.rw.MayMention(sql) {
		return nil // the quick reject: not worth a cache entry
	}
	d := w.plan(sql, st)
	w.cache.put(k, d)
	return d
}

func (w *Wrapper) plan(sql string, st *state) *Decision {
	d := &Decision{sql: sql, fingerprint: fingerprint(sql)}
	pl, err := w.rw.Plan(sql, st.scope())
	if err != nil { // a scope naming no soft table: a programming error
		if w.mode == policy.Shadow {
			d.shadow = "would refuse: " + err.Error()
		} else {
			d.err = err
		}
		return d
	}
	scope := st.scope()
	for _, s := range pl.Statements {
		for _, r := range s.Refs {
			t := r.Table()
			if t == nil {
				continue
			}
			switch r.Use {
			case rewrite.Update, rewrite.Delete:
				d.writes = append(d.writes, t)
				if r.Use == rewrite.Update && t.Rule == policy.Soft {
					if v, _ := w.rw.Visibility(scope, t); v != rewrite.Live {
						if r.SetsMarker() {
							d.restores = true
						} else {
							d.changesTombstones = true
						}
					}
				}
			case rewrite.Truncate, rewrite.Replace:
				d.writes = append(d.writes, t)
				if d.refusedDelete == nil {
					d.refusedDelete = t
				}
			}
		}
		for _, del := range s.Deletes {
			for _, r := range del.Targets {
				if t := r.Table(); t != nil {
					d.deletes = append(d.deletes, t)
					if d.refusedDelete == nil {
						d.refusedDelete = t
					}
				}
			}
		}
	}
	// A cascade's triggers write its children too.
	d.writes = policy.Cascaded(d.writes)
	if err := pl.Err(); err != nil {
		if w.mode == policy.Shadow {
			d.shadow = "would refuse: " + loggable(err)
			return d
		}
		d.err = err
		return d
	}
	d.refusedDelete = nil
	if w.mode == policy.Shadow {
		if pl.Changed() {
			d.shadow = "would rewrite it: " + summary(pl)
		}
		return d
	}
	d.changes, d.changesAll = schemaChanges(pl)
	d.sql = pl.Rewritten()
	return d
}

// summary says what a rewrite does, table by table, without the
// statement's text: its literals may hold personal data.
func summary(pl *rewrite.Plan) string {
	var parts []string
	seen := map[string]bool{}
	for _, a := range pl.Actions {
		var what string
		switch a.Kind {
		case rewrite.Restrict, rewrite.CopyQuery:
			what = "filter " + a.Table.Name
		case rewrite.Tombstone:
			what = "tombstone " + a.Table.Name + " instead of deleting"
		case rewrite.GuardConflict, rewrite.GuardUpsert:
			what = "keep the upsert of " + a.Table.Name + " off tombstones"
		default:
			continue
		}
		if !seen[what] {
			seen[what] = true
			parts = append(parts, what)
		}
	}
	return strings.Join(parts, "; ")
}

func fingerprint(sql string) string {
	h := fnv.New64a()
	h.Write([]byte(sql))
	return fmt.Sprintf("%016x", h.Sum64())
}

// Admit decides a statement for a connection: it checks the role, plans
// (or finds) the rewrite and records refusals; when the statement is about
// to be sent (not merely prepared) it also tells the audit triggers who
// acts. Nothing reaches the server when it returns an error, but the audit
// row of a refused delete. In shadow mode nothing is refused: what would
// have been is returned as notes, which the caller logs with Sent once the
// statement is on its way (not when the base driver answers ErrSkip and the
// statement comes back through Prepare).
func (w *Wrapper) Admit(ctx context.Context, c *Conn, query string, sending bool) (*Decision, []Note, error) {
	st := stateFrom(ctx)
	var notes []Note
	if err := w.checkScope(st); err != nil {
		// Before the quick reject: the same on every statement.
		if notes, err = w.refuse(ctx, st, fingerprint(query), nil, err, notes); err != nil {
			return nil, nil, err
		}
	}
	if err := w.permitScope(st); err != nil {
		if notes, err = w.refuse(ctx, st, fingerprint(query), nil, err, notes); err != nil {
			return nil, nil, err
		}
	}
	d := w.Decide(query, st)
	if d == nil {
		return nil, notes, nil // cannot touch a governed table: sent as it is
	}
	if d.err != nil { // enforce mode: shadow-mode decisions hold no error
		w.log.LogAttrs(ctx, slog.LevelWarn, "tombstone refused a statement", w.attrs(st, d.fingerprint, d.refusedDelete, d.err)...)
		if sending && d.refusedDelete != nil && w.refused != "" {
			r := refusal{actor: actor(st), reason: reason(st), table: d.refusedDelete.Name, action: schema.ActionRefused}
			if err := w.recordRefused(ctx, c, r); err != nil {
				return nil, nil, fmt.Errorf("%w (and recording it in the audit trail failed: %v)", d.err, err)
			}
		}
		return nil, nil, d.err
	}
	var err error
	if notes, err = w.admitSchemaChange(ctx, c, st, d, sending, notes); err != nil {
		return nil, nil, err
	}
	if d.restores {
		if err := w.permit(st, func(r *policy.Role) bool { return r.Restore }, "restore tombstones"); err != nil {
			if notes, err = w.refuse(ctx, st, d.fingerprint, nil, err, notes); err != nil {
				return nil, nil, err
			}
		}
	}
	if d.changesTombstones && !d.restores {
		may := func(r *policy.Role) bool { return r.Restore || r.Purge || r.Erase }
		if err := w.permit(st, may, "change tombstones (it needs restore, purge or erase)"); err != nil {
			if notes, err = w.refuse(ctx, st, d.fingerprint, nil, err, notes); err != nil {
				return nil, nil, err
			}
		}
	}
	if sending && w.policy.Audit != nil && len(d.writes) > 0 {
		if len(d.deletes) > 0 && w.policy.Audit.RequireActor && actor(st) == "" {
			err := fmt.Errorf("%w: the policy requires an actor for deletes (audit.require_actor); pass one with tombstone.WithActor(ctx, actor, reason)", ErrNoActor)
			if notes, err = w.refuse(ctx, st, d.fingerprint, d.deletes[0], err, notes); err != nil {
				return nil, nil, err
			}
		}
		if err := w.checkAudit(ctx, c, d.writes); err != nil {
			if notes, err = w.refuse(ctx, st, d.fingerprint, nil, err, notes); err != nil {
				return nil, nil, err
			}
		}
		if err := c.setActor(ctx, actor(st), reason(st)); err != nil {
			return nil, nil, err
		}
	}
	return d, notes, nil
}

// Note is what shadow mode would have refused, logged once the statement
// is sent.
type Note struct {
	fingerprint string
	table       *policy.Table
	report      string
}

// refuse returns a refusal, logged; in shadow mode it returns nil and
// appends what would have been refused to notes.
func (w *Wrapper) refuse(ctx context.Context, st *state, fp string, t *policy.Table, err error, notes []Note) ([]Note, error) {
	if w.mode == policy.Shadow {
		return append(notes, Note{fingerprint: fp, table: t, report: "would refuse: " + loggable(err)}), nil
	}
	w.log.LogAttrs(ctx, slog.LevelWarn, "tombstone refused a statement", w.attrs(st, fp, t, err)...)
	return notes, err
}

// recordRefused writes the audit row of a refused change where the
// caller's rollback (its usual answer to the error) cannot take it back: on
// a connection of its own. On SQLite inside a transaction begun through
// the wrapper, that connection does not wait for a lock (the caller's
// transaction may hold the write lock it needs): when the database is
// locked, the row is written on the caller's connection once its
// transaction ends. Where no second connection can be had (an in-memory
// database), it is written on the caller's.
func (w *Wrapper) recordRefused(ctx context.Context, c *Conn, r refusal) error {
	wait := !(w.dialect == "sqlite" && c.InTx)
	if w.Open != nil {
		if own, closeOwn, err := w.Open(ctx); err == nil {
			defer closeOwn()
			if wait || own.Exec(ctx, "PRAGMA busy_timeout = 0") == nil {
				if err := own.Exec(ctx, w.refused, r.args()...); err == nil {
					return nil
				}
			}
		}
	}
	if !wait {
		c.pending = append(c.pending, r)
		return nil
	}
	return c.S.Exec(ctx, w.refused, r.args()...)
}

// Audited reports whether the policy has an audit trail, so whether its
// triggers read the session's actor and action at all.
func (w *Wrapper) Audited() bool { return w.policy.Audit != nil }

// RecordRefusal writes the audit row of a change refused outside the
// statement path — a restore past its window, which lifecycle.Restore
// finds by key once the rewritten UPDATE has reached no row — the way a
// refused delete's is written: with the context's actor and reason, on a
// connection of its own. action is schema.ActionRestoreRefused or
// schema.ActionRefused; key is the row's key as JSON, or "" when unknown.
// Without an audit table in the policy it does nothing.
func (w *Wrapper) RecordRefusal(ctx context.Context, c *Conn, action string, t *policy.Table, key string) error {
	if w.refused == "" {
		return nil
	}
	st := stateFrom(ctx)
	return w.recordRefused(ctx, c, refusal{actor: actor(st), reason: reason(st), table: t.Name, action: action, key: key})
}

// refusal is the audit row of a refused change.
type refusal struct{ actor, reason, table, action, key string }

// args are the refusal's values for schema.Refused's placeholders; an
// unknown key is NULL.
func (r refusal) args() []any {
	var key any
	if r.key != "" {
		key = r.key
	}
	return []any{r.actor, r.reason, r.table, r.action, key}
}

// loggable is an error's text fit for logs: a parser's complaint can quote
// the statement's literals, so only its position is kept.
func loggable(err error) string {
	var r *rewrite.Refusal
	if errors.As(err, &r) && errors.Is(r.Err, rewrite.ErrUnparsed) {
		return fmt.Sprintf("tombstone: statement refused: not understood (line %d, column %d)", r.Line, r.Column)
	}
	return err.Error()
}

// Sent logs a statement that went out: in shadow mode what enforce mode
// would have done with it, and in a widened scope the scope.
func (w *Wrapper) Sent(ctx context.Context, d *Decision, notes []Note) {
	st := stateFrom(ctx)
	for _, n := range notes {
		w.log.LogAttrs(ctx, slog.LevelWarn, "tombstone shadow mode", append(w.attrs(st, n.fingerprint, n.table, nil), slog.String("report", n.report))...)
	}
	if d == nil {
		return
	}
	if d.shadow != "" {
		w.log.LogAttrs(ctx, slog.LevelWarn, "tombstone shadow mode", append(w.attrs(st, d.fingerprint, nil, nil), slog.String("report", d.shadow))...)
	}
	if st.widened() {
		w.logWidened(ctx, st, d)
	}
}

func (w *Wrapper) attrs(st *state, fp string, t *policy.Table, err error) []slog.Attr {
	a := []slog.Attr{slog.String("statement", fp)}
	if st != nil {
		if st.actor != "" {
			a = append(a, slog.String("actor", st.actor))
		}
		if st.hasRole {
			a = append(a, slog.String("role", st.role))
		}
		if st.widened() {
			a = append(a, slog.String("scope", st.describe()))
		}
	}
	if t != nil {
		a = append(a, slog.String("table", t.Name))
	} else if r := (*rewrite.Refusal)(nil); errors.As(err, &r) && r.Table != "" {
		a = append(a, slog.String("table", r.Table))
	}
	if err != nil {
		a = append(a, slog.String("error", loggable(err)))
	}
	return a
}

func actor(st *state) string {
	if st == nil {
		return ""
	}
	return st.actor
}

func reason(st *state) string {
	if st == nil {
		return ""
	}
	return st.reason
}

// permitScope checks, before anything is parsed or sent, that the
// context's role exists and may use its scope. Without roles in the policy
// the calling code is trusted.
func (w *Wrapper) permitScope(st *state) error {
	if len(w.policy.Roles) == 0 || st == nil {
		return nil
	}
	if st.hasRole && w.policy.Role(st.role) == nil {
		return fmt.Errorf("%w: role %q is not in the policy", ErrForbidden, st.role)
	}
	if len(st.with) > 0 || len(st.only) > 0 {
		if err := w.permit(st, func(r *policy.Role) bool { return r.SeeDeleted }, "see deleted rows"); err != nil {
			return err
		}
	}
	if st.hard {
		if err := w.permit(st, func(r *policy.Role) bool { return r.Purge }, "delete rows for good"); err != nil {
			return err
		}
	}
	return nil
}

// permit checks one permission of the context's role.
func (w *Wrapper) permit(st *state, allowed func(*policy.Role) bool, what string) error {
	if len(w.policy.Roles) == 0 {
		return nil
	}
	if st == nil || !st.hasRole {
		return fmt.Errorf("%w: only a role may %s, and the context has none; use tombstone.WithRole(ctx, role)", ErrForbidden, what)
	}
	r := w.policy.Role(st.role)
	if r == nil {
		return fmt.Errorf("%w: role %q is not in the policy", ErrForbidden, st.role)
	}
	if !allowed(r) {
		return fmt.Errorf("%w: role %s may not %s", ErrForbidden, r.Name, what)
	}
	return nil
}

// checkAudit makes sure the audit triggers of the tables a statement
// writes are installed; a write without them is refused. PostgreSQL and
// MySQL are asked once per table (an enabled trigger of each name); SQLite
// connections create theirs, TEMP, the first time they write to a table.
func (w *Wrapper) checkAudit(ctx context.Context, c *Conn, tables []*policy.Table) error {
	if w.dialect == "sqlite" {
		return c.installTriggers(ctx, tables)
	}
	var q string
	switch w.dialect {
	case "postgres":
		q = "SELECT count(*) FROM pg_trigger WHERE tgrelid = to_regclass($1) AND tgname = $2 AND tgenabled <> 'D'"
	case "mysql":
		q = "SELECT count(*) FROM information_schema.triggers WHERE event_object_table = ? AND trigger_name = ? AND trigger_schema = COALESCE(NULLIF(?, ''), DATABASE())"
	}
	for _, t := range tables {
		if _, ok := w.audited.Load(t); ok {
			continue
		}
		for _, tr := range w.triggers[t.Name] {
			args := []any{t.Name, tr.Name}
			if w.dialect == "mysql" {
				args = []any{t.Relation, tr.Name, t.Schema}
			}
			n, err := c.S.Count(ctx, q, args...)
			if err != nil {
				return fmt.Errorf("tombstone: checking the audit triggers of %s: %w", t.Name, err)
			}
			if n == 0 {
				return fmt.Errorf("%w: trigger %s on %s is missing or disabled; apply the DDL of `tombstone migrate --policy … --dialect %s`", ErrNoAudit, tr.Name, t.Name, w.dialect)
			}
		}
		w.audited.Store(t, true)
	}
	return nil
}
