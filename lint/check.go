package lint

import (
	"errors"
	"fmt"
	"strings"

	"github.com/tombstone-sql/tombstone/policy"
	"github.com/tombstone-sql/tombstone/rewrite"
)

// Issue is a finding within one statement's text, before it is placed in
// a file: what the rewriter would do, as a rule.
type Issue struct {
	Rule *Rule
	// Start and End are byte offsets in the statement's text.
	Start, End int
	// Table is the policy name of the table concerned, or "".
	Table   string
	Message string
	// Actions are the rewriter's actions whose edits fix the issue; none
	// when it has no automatic fix.
	Actions []*rewrite.Action
}

// Check is the analysis of one statement.
type Check struct {
	Plan   *rewrite.Plan
	Issues []*Issue
}

// Fix returns what fixes the issues keep accepts: the statement's
// text with those edits applied, and the edits themselves.
func (c *Check) Fix(keep func(*Issue) bool) (text string, edits []rewrite.Edit, ok bool) {
	chosen := map[*rewrite.Action]bool{}
	for _, is := range c.Issues {
		if keep(is) {
			for _, a := range is.Actions {
				chosen[a] = true
			}
		}
	}
	in := func(a *rewrite.Action) bool { return chosen[a] }
	edits, ok = c.Plan.EditsFor(in)
	if !ok {
		return c.Plan.SQL, nil, false
	}
	text, _ = c.Plan.RewrittenFor(in)
	return text, edits, true
}

// Statement lints one statement's text in dialect d. Rules that are off
// in the linter's config find nothing.
func (l *Linter) Statement(text string, d rewrite.Dialect) *Check {
	pl, err := l.rewriter(d).Plan(text, rewrite.Scope{})
	if err != nil {
		// The zero scope is always valid.
		panic(fmt.Sprintf("lint: planning with the default scope: %v", err))
	}
	c := &Check{Plan: pl}
	refs := map[int]*rewrite.Ref{}
	for _, st := range pl.Statements {
		for _, r := range st.Refs {
			if _, dup := refs[r.Pos]; !dup {
				refs[r.Pos] = r
			}
		}
	}
	end := func(pos int) int {
		if r := refs[pos]; r != nil && r.NameSpan.End > pos {
			return r.NameSpan.End
		}
		return tokenEnd(text, pos)
	}
	add := func(is *Issue) {
		if l.config.Severity(is.Rule) == Off {
			return
		}
		c.Issues = append(c.Issues, is)
	}
	// A DELETE that becomes a tombstone UPDATE also needs the live
	// predicate on its target: one issue holds both actions.
	tombstones := map[string]*Issue{}
	for _, a := range pl.Actions {
		if a.Kind == rewrite.Tombstone {
			key := fmt.Sprint(a.Stmt, a.Table.Name)
			if is := tombstones[key]; is != nil {
				is.Actions = append(is.Actions, a)
				continue
			}
			is := &Issue{Rule: DeleteSoftTable, Start: a.Pos, End: tokenEnd(text, a.Pos), Table: a.Table.Name, Actions: []*rewrite.Action{a},
				Message: fmt.Sprintf("DELETE on soft table %s really deletes rows outside the tombstone driver; tombstone them instead (UPDATE … SET %s)", a.Table.Name, strings.TrimPrefix(setText(a), " SET "))}
			tombstones[key] = is
			add(is)
		}
	}
	for _, a := range pl.Actions {
		name := qualifierOf(refs[a.Pos], a.Table)
		switch {
		case a.Kind == rewrite.Tombstone:
		case a.Kind == rewrite.Restrict && a.Use == rewrite.Delete:
			if is := tombstones[fmt.Sprint(a.Stmt, a.Table.Name)]; is != nil {
				is.Actions = append(is.Actions, a)
			}
		case a.Kind == rewrite.Restrict && a.Misplaced:
			add(&Issue{Rule: LivePredicateInWhere, Start: a.Pos, End: end(a.Pos), Table: a.Table.Name, Actions: []*rewrite.Action{a},
				Message: fmt.Sprintf("the live predicate of %s, the nullable side of an outer join, is in WHERE above the join, where it drops rows instead of keeping NULLs; put %s in the join's ON clause (the fix adds it there and leaves WHERE alone: remove the test from WHERE unless it holds for NULL, as IS NULL and IS NOT TRUE do)", name, a.Predicate)})
		case a.Kind == rewrite.RejectsNulls:
			fix := "remove the test from WHERE"
			if a.Table.Marker == policy.Flag {
				fix += ", or write it as " + a.Predicate
			}
			add(&Issue{Rule: LivePredicateInWhere, Start: a.Pos, End: end(a.Pos), Table: a.Table.Name,
				Message: fmt.Sprintf("%s, the nullable side of an outer join, has a live test in WHERE above the join that is false for NULL, so rows without a live match are dropped as by an inner join; the join's ON already keeps tombstones out: %s", name, fix)})
		case a.Kind == rewrite.Restrict && a.Use == rewrite.Update && a.SetsMarker:
			// No fix: the live predicate would make a restore do nothing.
			add(&Issue{Rule: UpdateTombstones, Start: a.Pos, End: end(a.Pos), Table: a.Table.Name,
				Message: fmt.Sprintf("UPDATE of soft table %s sets its tombstone column %s by hand: a restore or a tombstone made outside the policy's rules; through the driver restore in the only-deleted scope and tombstone with DELETE, or suppress this with the reason", a.Table.Name, a.Table.Column)})
		case a.Kind == rewrite.Restrict && a.Use == rewrite.Update:
			add(&Issue{Rule: UpdateTombstones, Start: a.Pos, End: end(a.Pos), Table: a.Table.Name, Actions: []*rewrite.Action{a},
				Message: fmt.Sprintf("UPDATE of soft table %s can change tombstoned rows; add %s", a.Table.Name, a.Predicate)})
		case a.Kind == rewrite.GuardConflict:
			add(&Issue{Rule: UpdateTombstones, Start: a.Pos, End: end(a.Pos), Table: a.Table.Name, Actions: []*rewrite.Action{a},
				Message: fmt.Sprintf("the ON CONFLICT target of soft table %s has no live predicate, so the insert can conflict with a tombstone; add WHERE %s to the target", a.Table.Name, a.Predicate)})
		case a.Kind == rewrite.GuardUpsert:
			add(&Issue{Rule: UpdateTombstones, Start: a.Pos, End: end(a.Pos), Table: a.Table.Name, Actions: []*rewrite.Action{a},
				Message: fmt.Sprintf("ON CONFLICT DO UPDATE on soft table %s can update a tombstone whose primary key the row reuses; add WHERE %s to DO UPDATE", a.Table.Name, a.Predicate)})
		case a.Kind == rewrite.OpenUpsert:
			add(&Issue{Rule: UpdateTombstones, Start: a.Pos, End: end(a.Pos), Table: a.Table.Name,
				Message: fmt.Sprintf("ON DUPLICATE KEY UPDATE on soft table %s can update a tombstone whose primary key the row reuses, and MySQL's upsert cannot carry a predicate; do not reuse the primary keys of tombstoned rows (suppress this with the reason once that holds)", a.Table.Name)})
		case a.Kind == rewrite.CopyQuery:
			add(&Issue{Rule: MissingLivePredicate, Start: a.Pos, End: end(a.Pos), Table: a.Table.Name, Actions: []*rewrite.Action{a},
				Message: fmt.Sprintf("COPY exports soft table %s with its tombstones; copy a query with %s", a.Table.Name, a.Predicate)})
		case a.Kind == rewrite.Restrict:
			where := "add " + a.Predicate
			if a.Wrapped {
				where = "filter it in a derived table (SELECT * FROM … WHERE " + a.Predicate + ")"
			}
			add(&Issue{Rule: MissingLivePredicate, Start: a.Pos, End: end(a.Pos), Table: a.Table.Name, Actions: []*rewrite.Action{a},
				Message: fmt.Sprintf("soft table %s is read without the live predicate, so tombstoned rows are included; %s", name, where)})
		}
	}
	for _, r := range pl.Refusals {
		pos := r.Pos
		if pos < 0 {
			pos = 0
		}
		is := &Issue{Start: pos, End: end(pos), Table: r.Table, Message: r.Msg}
		switch {
		case errors.Is(r, rewrite.ErrRetained):
			is.Rule = DeleteRetainTable
		case errors.Is(r, rewrite.ErrUnparsed):
			is.Rule = UnparsedStatement
		default:
			is.Rule = RefusedStatement
			if ref := refs[r.Pos]; ref != nil && (ref.Use == rewrite.Truncate || ref.Use == rewrite.Replace) {
				if t := l.policy.Table(r.Table); t != nil && t.Rule == policy.Soft {
					is.Rule = DeleteSoftTable
				}
			}
		}
		add(is)
	}
	return c
}

// setText returns the SET list a tombstone action adds.
func setText(a *rewrite.Action) string {
	for _, e := range a.Edits {
		if strings.HasPrefix(e.Text, " SET ") {
			return e.Text
		}
	}
	return ""
}

// qualifierOf names a reference in messages: "customers" or "customers (c)".
func qualifierOf(r *rewrite.Ref, t *policy.Table) string {
	if r != nil && r.Alias != "" {
		return t.Name + " (" + r.Alias + ")"
	}
	return t.Name
}

// tokenEnd returns the end of the word (or the single byte) at pos.
func tokenEnd(text string, pos int) int {
	if pos >= len(text) {
		return len(text)
	}
	j := pos
	for j < len(text) && isWordByte(text[j]) {
		j++
	}
	if j == pos {
		return pos + 1
	}
	return j
}
