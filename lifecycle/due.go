package lifecycle

import (
	"github.com/tombstone-sql/tombstone/policy"
)

// Due is one timed rule of a table, as a count query on the database's
// clock: the rows past it that tombstone expire would change (Action set),
// or, for a rule whose outcome is keep, the rows past it that stay by
// policy (Action empty). Reports count them without opening the database
// through tombstone; the condition is Expire's own.
type Due struct {
	Table *policy.Table
	// Action is what Expire does to the rows, or "" when the policy keeps
	// them (after_window or after_retention keep).
	Action Action
	// Rule says the rule in words, e.g. "restore window of 14 days ended".
	Rule string
	// Count is "SELECT count(*) FROM table WHERE condition" in the dialect,
	// with Args for its placeholders. Run it beneath enforcement (a plain
	// connection): it reads tombstones.
	Count string
	Args  []any
}

// DueRules returns the count query of each table's timed rule, in policy
// order: soft tables with a restore window on a timestamp or unix marker,
// hard tables with expire_after, retain tables. A flag marker holds no
// deletion time, so its restore window has no count.
func DueRules(p *policy.Policy, dialect string) ([]Due, error) {
	d, err := newDialect(dialect)
	if err != nil {
		return nil, err
	}
	var out []Due
	for _, t := range p.Tables {
		s := dueStep(t)
		if s == nil {
			continue
		}
		b := &builder{d: d}
		q := "SELECT count(*) FROM " + d.table(t.Name) + " WHERE " + s.due(b)
		out = append(out, Due{Table: t, Action: s.action, Rule: s.rule, Count: q, Args: b.args})
	}
	return out, nil
}

// dueStep is Expire's step for t, or for a rule that keeps its rows the
// same condition without the change.
func dueStep(t *policy.Table) *step {
	switch t.Rule {
	case policy.Soft:
		if t.RestoreWindow.IsZero() || t.Marker == policy.Flag {
			return nil
		}
	case policy.Hard:
		if t.ExpireAfter.IsZero() {
			return nil
		}
	case policy.Retain:
		if t.Retention.IsZero() || t.AgeColumn == "" {
			return nil
		}
	}
	if s, err := stepOf(t); err == nil && s != nil {
		return s
	}
	// The rule keeps the rows: the condition of a purge, with no action.
	kept := *t
	if t.Rule == policy.Soft {
		kept.AfterWindow = policy.Purge
	} else {
		kept.AfterRetention = policy.Purge
	}
	s, err := stepOf(&kept)
	if err != nil || s == nil {
		return nil
	}
	s.t, s.action = t, ""
	return s
}
