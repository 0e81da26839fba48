package enforce

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"

	"github.com/tombstone-sql/tombstone/policy"
)

// Session runs tombstone's own statements (the actor for the audit
// triggers, a refused delete's audit row, trigger checks) on one base
// connection, bypassing the rewrite. Each front door implements it over
// its base connection.
type Session interface {
	// Exec runs a statement.
	Exec(ctx context.Context, sql string, args ...any) error
	// Count runs a query that returns one integer.
	Count(ctx context.Context, sql string, args ...any) (int64, error)
	// Strings runs a query without arguments and returns its rows as
	// text (NULL as "").
	Strings(ctx context.Context, sql string) ([][]string, error)
}

// ErrUnsupported is what a Session returns when its base connection cannot
// run a statement of tombstone's own directly (database/sql's ErrSkip).
var ErrUnsupported = errors.New("tombstone: the base connection cannot run the statement directly")

// Conn is the enforcement state of one base connection.
type Conn struct {
	W *Wrapper
	S Session

	// actorDirty: the session may hold an actor, cleared before the
	// connection serves anyone else.
	actorDirty bool
	// InTx: a transaction begun through the wrapper is open.
	InTx bool
	// pending are refused changes waiting for the transaction to end to
	// be recorded (SQLite: see recordRefused).
	pending []refusal
}

// NewConn returns the enforcement state of a base connection reached
// through s.
func (w *Wrapper) NewConn(s Session) *Conn { return &Conn{W: w, S: s} }

// Connected prepares a new base connection: the cascading foreign keys are
// looked for once per wrapper, and the statements each connection runs
// (SQLite's audit session table) are run.
func (w *Wrapper) Connected(ctx context.Context, c *Conn) error {
	w.cascades.Do(func() { w.checkCascades(ctx, c.S) })
	for _, q := range w.session {
		if err := c.S.Exec(ctx, q); err != nil {
			return fmt.Errorf("tombstone: preparing the connection's audit triggers: %w", err)
		}
	}
	return nil
}

// installTriggers makes sure this SQLite connection has the TEMP audit
// triggers of the tables it is about to write. It looks every time: a
// trigger created inside a transaction that was rolled back is gone.
func (c *Conn) installTriggers(ctx context.Context, tables []*policy.Table) error {
	for _, t := range tables {
		trs := c.W.triggers[t.Name]
		if len(trs) == 0 {
			continue
		}
		names := make([]any, 0, 2)
		for _, tr := range trs {
			names = append(names, tr.Name)
		}
		q := "SELECT count(*) FROM sqlite_temp_master WHERE type = 'trigger' AND name IN (?" + strings.Repeat(", ?", len(names)-1) + ")"
		n, err := c.S.Count(ctx, q, names...)
		if err != nil {
			return fmt.Errorf("tombstone: checking the audit triggers of %s: %w", t.Name, err)
		}
		if int(n) == len(trs) {
			continue
		}
		for _, tr := range trs {
			if err := c.S.Exec(ctx, tr.SQL); err != nil {
				return fmt.Errorf("%w: cannot create the audit trigger %s of %s: %v", ErrNoAudit, tr.Name, t.Name, err)
			}
		}
	}
	return nil
}

// setActor tells the audit triggers who acts and why. It is sent before
// every audited write, never taken as known: a statement could have changed
// the session's values since (SET @tombstone_actor = … on MySQL).
func (c *Conn) setActor(ctx context.Context, actor, reason string) error {
	if err := c.S.Exec(ctx, c.W.setActor, actor, reason); err != nil {
		return err
	}
	c.actorDirty = c.actorDirty || actor != "" || reason != ""
	return nil
}

// ClearActor empties the session's actor before the connection is used
// again, so that writes tombstone does not see (cascades, functions) do not
// carry the previous caller's name. The front door drops a connection it
// fails on.
func (c *Conn) ClearActor(ctx context.Context) error {
	if !c.actorDirty {
		return nil
	}
	if err := c.setActor(ctx, "", ""); err != nil {
		return err
	}
	c.actorDirty = false
	return nil
}

// ActorDirty reports whether the session may hold an actor.
func (c *Conn) ActorDirty() bool { return c.actorDirty }

// EndTx records the refused deletes the transaction held back, now that
// the connection is out of it.
func (c *Conn) EndTx() {
	c.InTx = false
	pending := c.pending
	c.pending = nil
	for _, r := range pending {
		if err := c.S.Exec(context.Background(), c.W.refused, r.args()...); err != nil {
			c.W.log.LogAttrs(context.Background(), slog.LevelError, "tombstone could not record a refused change in the audit trail", slog.String("table", r.table), slog.String("error", err.Error()))
		}
	}
}
