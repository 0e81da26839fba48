package lifecycle

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/tombstone-sql/tombstone"
	"github.com/tombstone-sql/tombstone/policy"
	"github.com/tombstone-sql/tombstone/schema"
)

// Errors of an erasure; match them with errors.Is.
var (
	// ErrUnknownSubject refuses a subject kind the policy's subjects do
	// not name.
	ErrUnknownSubject = errors.New("lifecycle: unknown subject kind")
	// ErrBadSubject refuses a subject id that is empty, too long or holds
	// control characters, and a --subject that is not KIND=ID.
	ErrBadSubject = errors.New("lifecycle: bad subject")
	// ErrNoReason refuses an erasure without an actor or a reason: the
	// audit trail is the erasure's proof.
	ErrNoReason = errors.New("lifecycle: an erasure needs an actor and a reason")
	// ErrNoAudit refuses an erasure under a policy without an audit
	// trail: its erase rows are the proof, and what keeps an erased
	// tombstone from being restored.
	ErrNoAudit = errors.New("lifecycle: an erasure needs the policy's audit trail")
	// ErrErased refuses to restore a row a privacy erasure erased.
	ErrErased = errors.New("tombstone: the row was erased")
)

// ActionErase is the audit trail's action for each row an erasure
// anonymizes or deletes.
const ActionErase Action = schema.ActionErase

// MaxSubjectID is the longest subject id, in bytes.
const MaxSubjectID = 256

// Subject names one person: a kind of the policy's subjects and the
// person's id, as in --subject customer=42.
type Subject struct {
	Kind string `json:"kind"`
	ID   string `json:"id"`
}

func (s Subject) String() string { return s.Kind + " " + s.ID }

// ParseSubject reads KIND=ID.
func ParseSubject(s string) (Subject, error) {
	kind, id, ok := strings.Cut(s, "=")
	if !ok || kind == "" {
		return Subject{}, fmt.Errorf("%w: %q is not KIND=ID; write e.g. customer=42", ErrBadSubject, clipText(s))
	}
	sub := Subject{Kind: kind, ID: id}
	return sub, sub.check()
}

func (s Subject) check() error {
	switch {
	case s.ID == "":
		return fmt.Errorf("%w: the id of %s is empty; write e.g. %s=42", ErrBadSubject, clipText(s.Kind), clipText(s.Kind))
	case len(s.ID) > MaxSubjectID:
		return fmt.Errorf("%w: the id is %d bytes long; an id is at most %d", ErrBadSubject, len(s.ID), MaxSubjectID)
	case !utf8.ValidString(s.ID) || strings.ContainsFunc(s.ID, func(r rune) bool { return r < 0x20 || r == 0x7f }):
		return fmt.Errorf("%w: the id holds control characters or is not UTF-8", ErrBadSubject)
	}
	return nil
}

func clipText(s string) string {
	if len(s) > 64 {
		return s[:64] + "…"
	}
	return s
}

// WithReason gives an erasure's reason (the privacy request it answers),
// written to every audit row; Erase requires one.
func WithReason(reason string) Option { return func(c *config) { c.reason = reason } }

// WithLog names the erasure log: before the erasure commits, Erase appends
// the subject's kind and id and the time to it (nothing else), so that
// Replay can apply the erasure again after a backup is restored. The file
// lives outside the database, which a restore brings back.
func WithLog(path string) Option { return func(c *config) { c.log = path } }

// Erase carries out a privacy erasure of one person on db, a database
// opened through tombstone with p in the named dialect, in one
// transaction: every row of the subject's tables whose subject column
// holds the id is
//
//   - on a soft table (erase: anonymize, the default): anonymized now (its
//     personal columns get their anonymize_with values, NULL for the
//     others) and tombstoned; the audit trail's erase row for it makes the
//     restore trigger refuse it from then on, whoever asks;
//   - on a soft table with erase: purge, and on a hard table: deleted;
//   - on a retain table: anonymized and kept, for its retention.
//
// Each affected row gets one audit row, action erase, with the row's key
// (so does each row a cascade tombstones with a soft table's rows),
// the actor and the reason (WithActor and WithReason, both required) and
// no other value. With roles in the policy, WithRole must name a role with
// erase (and see_deleted, and purge for a purge table). Any error rolls the
// whole erasure back; a dry run (WithDryRun) counts and changes nothing.
// Erasing a person again changes nothing.
//
// The statements go through tombstone's enforcement like the expire job's;
// only the action, tombstone's own session state, is set beneath it. db is
// either front door (Database): a *sql.DB opened through tombstone, or the
// pgx native pool, which speaks PostgreSQL only (dialect "" or postgres).
func Erase[D Database](ctx context.Context, db D, p *policy.Policy, dialect string, sub Subject, opts ...Option) (*Receipt, error) {
	cfg := &config{}
	for _, o := range opts {
		o(cfg)
	}
	plan, err := planErase(p, sub, cfg)
	if err != nil {
		return nil, err
	}
	d, err := newDialect(dialectOf(db, dialect))
	if err != nil {
		return nil, err
	}
	// One transaction on one connection, the checks' too.
	tx, err := begin(ctx, db, "erase")
	if err != nil {
		return nil, err
	}
	defer tx.rollback(context.WithoutCancel(ctx)) //nolint:errcheck // a no-op after commit
	r := &run{tx: tx, d: d, cfg: cfg, audited: true}
	if cfg.hasRole {
		ctx = tombstone.WithRole(ctx, cfg.role)
	}
	ctx = tombstone.WithActor(ctx, cfg.actor, cfg.reason)
	// Every check before any change: an erasure that cannot anonymize a
	// table changes nothing at all.
	for _, et := range plan {
		if err := r.check(ctx, et.probe()); err != nil {
			return nil, err
		}
	}
	rec := newReceipt(p, sub, plan, cfg.dryRun)
	if err := r.erase(ctx, tx, plan, sub, rec); err != nil {
		return nil, err
	}
	return rec, nil
}

// eraseTable is one table of an erasure.
type eraseTable struct {
	t    *policy.Table
	cols []string
	// what the erasure does: anonymize (and, on a soft table, tombstone),
	// or delete
	anonymize bool
}

// probe is the check of the table's scope and replacements, as the expire
// job checks its steps.
func (et *eraseTable) probe() *step {
	s := &step{t: et.t, action: ActionAnonymize, scope: func(ctx context.Context) context.Context { return ctx }}
	switch {
	case et.t.Rule == policy.Soft && et.anonymize:
		s.scope = func(ctx context.Context) context.Context { return tombstone.OnlyDeleted(ctx, et.t.Name) }
	case et.t.Rule == policy.Soft:
		s.action = ActionPurge
		s.scope = func(ctx context.Context) context.Context {
			return tombstone.HardDelete(tombstone.WithDeleted(ctx, et.t.Name))
		}
	case et.t.Rule == policy.Hard:
		s.action = ActionExpire
	}
	return s
}

// CheckSubject reports whether sub names a subject kind of p with a
// well-formed id (ErrUnknownSubject, ErrBadSubject).
func CheckSubject(p *policy.Policy, sub Subject) error {
	if err := sub.check(); err != nil {
		return err
	}
	if p.Subject(sub.Kind) == nil {
		kinds := "the policy names no subjects: add `subjects:` to " + p.Source
		if len(p.Subjects) > 0 {
			kinds = "use one of " + strings.Join(p.SubjectKinds(), ", ")
		}
		return fmt.Errorf("%w: %q is not a subject kind of %s; %s", ErrUnknownSubject, clipText(sub.Kind), p.Source, kinds)
	}
	return nil
}

func planErase(p *policy.Policy, sub Subject, cfg *config) ([]*eraseTable, error) {
	if err := CheckSubject(p, sub); err != nil {
		return nil, err
	}
	s := p.Subject(sub.Kind)
	if strings.TrimSpace(cfg.actor) == "" || strings.TrimSpace(cfg.reason) == "" {
		return nil, fmt.Errorf("%w: say who erases (--actor, WithActor) and why (--reason, WithReason: the privacy request it answers); both go to every audit row", ErrNoReason)
	}
	if p.Audit == nil {
		return nil, fmt.Errorf("%w: its erase rows are the proof of the erasure, and keep an erased tombstone from being restored; add `audit: {table: tombstone_audit}` to %s and run tombstone migrate", ErrNoAudit, p.Source)
	}
	if len(p.Roles) > 0 {
		if !cfg.hasRole {
			return nil, fmt.Errorf("%w: %s has roles, so an erasure runs as one with erase permission; pass --role (WithRole)", tombstone.ErrForbidden, p.Source)
		}
		r := p.Role(cfg.role)
		switch {
		case r == nil:
			return nil, fmt.Errorf("%w: %s has no role %q", tombstone.ErrForbidden, p.Source, clipText(cfg.role))
		case !r.Erase:
			return nil, fmt.Errorf("%w: role %s may not erase a person's data; give it `erase: true` in %s, or use a role that has it", tombstone.ErrForbidden, r.Name, p.Source)
		}
	}
	var out []*eraseTable
	for _, st := range s.Tables {
		et := &eraseTable{t: st.Table, cols: st.Columns}
		switch st.Table.Rule {
		case policy.Soft:
			et.anonymize = st.Table.Erase == policy.EraseAnonymize
		case policy.Retain:
			et.anonymize = true
		}
		out = append(out, et)
	}
	return out, nil
}

// eraseHook, when set (by tests), runs inside the erasure's transaction
// after each table's change; an error rolls the whole erasure back.
var eraseHook func(table string) error

// erase runs the erasure's statements in tx; the caller rolls it back
// unless it commits.
func (r *run) erase(ctx context.Context, tx txn, plan []*eraseTable, sub Subject, rec *Receipt) error {
	if !r.cfg.dryRun {
		if err := tx.setAction(ctx, r.d.name, string(ActionErase)); err != nil {
			return fmt.Errorf("lifecycle: erase: telling the audit triggers the action: %w", err)
		}
	}
	secure := r.d.name == "sqlite" && !r.cfg.dryRun
	var wasSecure int64
	if secure {
		// SQLite leaves a replaced or deleted value in the file's free
		// space, where a copy of the file still shows it; with
		// secure_delete it overwrites it with zeros. For the erasure
		// only: set back before the commit (a rollback leaves it on).
		if err := queryRow(ctx, tx, "PRAGMA secure_delete", nil, &wasSecure); err != nil {
			return fmt.Errorf("lifecycle: erase: reading PRAGMA secure_delete: %w", err)
		}
		if _, err := tx.exec(ctx, "PRAGMA secure_delete = ON"); err != nil {
			return fmt.Errorf("lifecycle: erase: PRAGMA secure_delete: %w", err)
		}
	}
	for i, et := range plan {
		n, err := r.eraseTable(ctx, tx, et, sub)
		if err != nil {
			return fmt.Errorf("lifecycle: erase %s from %s: %w", sub, et.t.Name, err)
		}
		rec.Tables[i].Rows = n
		if eraseHook != nil && !r.cfg.dryRun {
			if err := eraseHook(et.t.Name); err != nil {
				return fmt.Errorf("lifecycle: erase %s from %s: %w", sub, et.t.Name, err)
			}
		}
	}
	if r.cfg.dryRun {
		return nil
	}
	if r.d.name != "postgres" {
		if err := tx.setAction(ctx, r.d.name, ""); err != nil {
			return err
		}
	}
	if secure && wasSecure == 0 {
		if _, err := tx.exec(ctx, "PRAGMA secure_delete = OFF"); err != nil {
			return fmt.Errorf("lifecycle: erase: PRAGMA secure_delete: %w", err)
		}
	}
	if r.cfg.log != "" {
		// Logged before the commit: a crash between the two leaves an
		// entry whose replay erases what was asked for, never an erasure
		// the log misses.
		if err := AppendLog(r.cfg.log, LogEntry{Kind: sub.Kind, ID: sub.ID, At: rec.At}); err != nil {
			return err
		}
	}
	if err := tx.commit(ctx); err != nil {
		return fmt.Errorf("lifecycle: erase %s: %w", sub, err)
	}
	return nil
}

// eraseTable erases the subject's rows of one table and returns how many
// it anonymized or deleted (dry run: would).
func (r *run) eraseTable(ctx context.Context, tx txn, et *eraseTable, sub Subject) (int64, error) {
	t := et.t
	name := r.d.table(t.Name)
	where := func(b *builder) string {
		var or []string
		for _, c := range et.cols {
			or = append(or, r.d.Quote(c)+" = "+b.arg(sub.ID))
		}
		return "(" + strings.Join(or, " OR ") + ")"
	}
	count := func(ctx context.Context, extra func(b *builder) string) (int64, error) {
		b := &builder{d: r.d}
		q := "SELECT count(*) FROM " + name + " WHERE " + where(b)
		if extra != nil {
			q += " AND " + extra(b)
		}
		var n int64
		err := queryRow(ctx, tx, q, b.args, &n)
		return n, err
	}
	exec := func(ctx context.Context, q func(b *builder) string) (int64, error) {
		b := &builder{d: r.d}
		return tx.exec(ctx, q(b), b.args...)
	}
	anonymize := func(b *builder) string {
		var sets []string
		for _, c := range t.Personal {
			sets = append(sets, r.d.Quote(c)+" = "+replacement(b, t, c))
		}
		return "UPDATE " + name + " SET " + strings.Join(sets, ", ") + " WHERE " + where(b)
	}
	pending := func(b *builder) string { return notAnonymized(b, t) }
	tombstones := tombstone.OnlyDeleted(ctx, t.Name)
	// A server converts the id to the column's type, so that
	// customer_id = '01' (or ' 1', and '1abc' on MySQL) finds customer 1:
	// the id must be what the column holds, spelled the same, or the
	// receipt and the erasure log would name someone else.
	every := ctx
	if t.Rule == policy.Soft {
		every = tombstone.WithDeleted(ctx, t.Name)
	}
	loose, err := count(every, func(b *builder) string {
		var or []string
		for _, c := range et.cols {
			or = append(or, r.d.text(r.d.Quote(c))+" <> "+r.d.text(b.arg(sub.ID)))
		}
		return "(" + strings.Join(or, " AND ") + ")"
	})
	if err != nil {
		return 0, err
	}
	if loose > 0 {
		return 0, fmt.Errorf("%w: %d rows of %s match id %q only as the server converts it (their %s is another spelling of it, as 1 is of 01); give the id exactly as the column holds it", ErrBadSubject, loose, t.Name, clipText(sub.ID), strings.Join(et.cols, " or "))
	}
	switch {
	case t.Rule == policy.Soft && et.anonymize:
		if r.cfg.dryRun {
			live, err := count(ctx, nil)
			if err != nil {
				return 0, err
			}
			dead, err := count(tombstones, pending)
			return live + dead, err
		}
		// Live rows: anonymized, then tombstoned; the tombstoning writes
		// their erase rows (and a cascade's children's).
		n, err := exec(ctx, anonymize)
		if err != nil {
			return 0, err
		}
		if _, err := exec(ctx, func(b *builder) string { return "DELETE FROM " + name + " WHERE " + where(b) }); err != nil {
			return n, err
		}
		// Tombstones not anonymized yet. Counted first, so that an
		// erasure with none sends no UPDATE in the only-deleted scope.
		left, err := count(tombstones, pending)
		if err != nil || left == 0 {
			return n, err
		}
		m, err := exec(tombstones, func(b *builder) string { return anonymize(b) + " AND " + pending(b) })
		return n + m, err
	case t.Rule == policy.Retain:
		if r.cfg.dryRun {
			return count(ctx, pending)
		}
		return exec(ctx, func(b *builder) string { return anonymize(b) + " AND " + pending(b) })
	default:
		// A purge table's rows, tombstones too, and a hard table's.
		scope := ctx
		if t.Rule == policy.Soft {
			scope = tombstone.HardDelete(tombstone.WithDeleted(ctx, t.Name))
		}
		if r.cfg.dryRun {
			if t.Rule == policy.Soft {
				scope = tombstone.WithDeleted(ctx, t.Name)
			}
			return count(scope, nil)
		}
		return exec(scope, func(b *builder) string { return "DELETE FROM " + name + " WHERE " + where(b) })
	}
}

// erasedRestore reports whether err is the restore trigger's refusal of an
// erased row.
func erasedRestore(err error) bool {
	return err != nil && strings.Contains(err.Error(), schema.ErasedMessage)
}
