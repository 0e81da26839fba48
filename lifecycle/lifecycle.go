// Package lifecycle makes the policy's time-based rules happen: Restore
// brings back one tombstone inside its restore window,
// and Expire carries out what happens when a restore window ends, when a
// hard table's rows expire, when a retention period ends.
//
// Expire has no daemon: it is one run, which the team calls
// from the scheduler it already has (cron or a Kubernetes CronJob running
// `tombstone expire`, a systemd timer, or its own Go scheduler calling
// Expire).
//
// What one run does, table by table in policy order:
//
//   - a soft table with after_window: purge — tombstones whose restore
//     window has ended are deleted for good (audit action "purge");
//   - a soft table with after_window: anonymize — the personal columns of
//     those tombstones are replaced, once, with the policy's anonymize_with
//     values (NULL for the others); the row stays, past its window, so it
//     can no longer be restored (audit action "anonymize");
//   - a hard table with expire_after — rows older than age_column plus
//     expire_after are deleted (audit action "expire");
//   - a retain table with after_retention: purge or anonymize — rows whose
//     retention has ended are deleted ("expire") or anonymized; the
//     default, keep, leaves them.
//
// Time is the database's clock (now() on the server), so every instance of
// an application agrees on what has expired. Rows go in batches (1,000 by
// default), each in its own transaction that also writes the batch's audit
// rows, so a failure leaves every batch either done or untouched.
//
// Runs on many instances at once are safe: each batch takes a lock on its
// table (a transaction-level advisory lock on PostgreSQL, GET_LOCK on
// MySQL/MariaDB, released before the connection goes back to the pool; the
// write lock on SQLite) and a runner that finds the table locked skips it
// and says so in its report. The lock only saves wasted work: each batch
// selects what is still due and changes it under the same condition, so a
// row is never purged, anonymized or expired twice, whatever the locks do.
//
// The statements go through tombstone's enforcement like any application
// statement — the database must be opened through tombstone with the same
// policy — in the scope each step needs (only-deleted and hard-delete for
// a purge), with the actor the job is given; the audit triggers of
// `tombstone migrate` write the audit rows. The one statement enforcement
// refuses by design, a DELETE on a retain table, is sent on the same
// connection and transaction beneath it, after enforcement has checked the
// table's audit triggers and set the actor.
package lifecycle

import (
	"errors"
	"time"

	"github.com/tombstone-sql/tombstone/schema"
)

// Errors of a run; match them with errors.Is.
var (
	// ErrNotEnforced refuses a database that was not opened through
	// tombstone (tombstone.OpenDB, a tombstone connector or dburl.Open).
	ErrNotEnforced = errors.New("lifecycle: the database is not opened through tombstone")
	// ErrNoReplacement refuses to anonymize a table with a NOT NULL
	// personal column that anonymize_with gives no value for; nothing of
	// the run is changed.
	ErrNoReplacement = errors.New("lifecycle: no replacement value for a NOT NULL personal column")
	// ErrNoDeletionTime refuses a restore window on a flag marker: a flag
	// does not say when the row was deleted.
	ErrNoDeletionTime = errors.New("lifecycle: the tombstone column does not say when a row was deleted")
	// ErrUnknownTable refuses a table filter naming a table the policy
	// does not govern.
	ErrUnknownTable = errors.New("lifecycle: table not in the policy")
)

// Action is what the job does to a row; it is also the row's action in
// the audit trail.
type Action string

// The actions, named as the audit trail names them.
const (
	ActionPurge     Action = schema.ActionPurge     // a tombstone deleted for good after its restore window
	ActionAnonymize Action = schema.ActionAnonymize // personal columns replaced, the row kept
	ActionExpire    Action = schema.ActionExpire    // a row deleted when expire_after or its retention passed
)

// DefaultBatch is the number of rows one batch changes at most.
const DefaultBatch = 1000

// DefaultActor is the audit trail's actor when none is given.
const DefaultActor = "tombstone expire"

// Option configures a run.
type Option func(*config)

type config struct {
	batch    int
	tables   []string
	dryRun   bool
	actor    string
	role     string
	hasRole  bool
	progress func(Step)
	// reason and log are the erasure's (see Erase).
	reason string
	log    string
}

// WithBatch sets how many rows one batch changes at most (default 1,000).
func WithBatch(n int) Option { return func(c *config) { c.batch = n } }

// WithTables limits the run to the named tables (policy names).
func WithTables(names ...string) Option {
	return func(c *config) { c.tables = append(c.tables, names...) }
}

// WithDryRun counts what the run would change, per table and action, and
// changes nothing.
func WithDryRun() Option { return func(c *config) { c.dryRun = true } }

// WithActor names who runs the job in the audit trail; the default is
// DefaultActor.
func WithActor(actor string) Option { return func(c *config) { c.actor = actor } }

// WithRole runs the job's statements as a policy role; when the policy has
// roles, it needs one that may see deleted rows and purge them; restore
// is not needed (an anonymizing UPDATE leaves the tombstone column alone).
func WithRole(role string) Option { return func(c *config) { c.role, c.hasRole = role, true } }

// WithProgress calls f after each batch with the table's totals so far.
func WithProgress(f func(Step)) Option { return func(c *config) { c.progress = f } }

// Report is what one run did (or, dry, would do).
type Report struct {
	DryRun bool   `json:"dry_run"`
	Steps  []Step `json:"steps"`
	// Duration is the run's wall time.
	Duration time.Duration `json:"duration_ns"`
	// LongestBatch is the longest single batch's duration: how long a
	// batch held its table's lock.
	LongestBatch time.Duration `json:"longest_batch_ns"`
}

// Step is one table and action of a run.
type Step struct {
	Table  string `json:"table"`
	Action Action `json:"action"`
	// Rule says the policy rule in words, e.g. "restore window of 14 days
	// ended"; it is the audit rows' reason.
	Rule string `json:"rule"`
	// Rows is the number of rows changed (dry run: that would be).
	Rows    int64 `json:"rows"`
	Batches int   `json:"batches"`
	// Skipped says why the step stopped early: another runner held the
	// table's lock. Empty when the step ran to the end.
	Skipped  string        `json:"skipped,omitempty"`
	Duration time.Duration `json:"duration_ns"`
}

// Total returns the rows changed by action, over every table.
func (r *Report) Total(a Action) int64 {
	var n int64
	for _, s := range r.Steps {
		if s.Action == a {
			n += s.Rows
		}
	}
	return n
}
