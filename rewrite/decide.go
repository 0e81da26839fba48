package rewrite

import (
	"strings"

	"github.com/tombstone-sql/tombstone/policy"
)

// decider makes the policy's decisions for one statement.
type decider struct {
	rw    *Rewriter
	plan  *Plan
	scope *resolvedScope
	stmt  *Statement
	index int

	refused    bool
	tombstoned map[*Ref]bool
	touched    []*Clause
	byClause   map[*Clause][]*Action
}

func (d *decider) refuse(err error, t *policy.Table, pos int, format string, args ...any) {
	d.refused = true
	d.plan.refuse(err, t, pos, format, args...)
}

func (d *decider) act(a *Action) *Action {
	a.Stmt = d.index
	d.plan.Actions = append(d.plan.Actions, a)
	return a
}

func (d *decider) decide() {
	st := d.stmt
	pol := d.rw.policy
	for _, r := range st.Refs {
		t, err := pol.Lookup(r.Schema, r.Name)
		if err != nil {
			d.refuse(ErrRefused, nil, r.Pos, "statement refused: %v", err)
			continue
		}
		r.table = t
		r.marks = t != nil && d.setsMarker(r)
	}
	if st.Encoding != "" {
		d.refuse(ErrRefused, nil, st.Span.Start, "%s refused: the server would read this connection's later statements in a character set whose bytes tombstone reads differently, so a quote or a comment could end where tombstone does not see it end; %s", st.Encoding, d.rw.encodingAdvice())
	}
	if st.Cascades != "" {
		d.refuse(ErrRefused, nil, st.Span.Start, "%s refused: it also empties every table whose foreign key points at the truncated ones, which may be governed; truncate the tables by name", st.Cascades)
	}
	if st.Opaque != "" {
		// Its body may build names tombstone never sees spelled out
		// (EXECUTE 'DELETE FROM cust' || 'omers').
		d.refuse(ErrUnparsed, nil, st.Span.Start, "%s refused: tombstone cannot see inside it, and it may reach a governed table", st.Opaque)
	}
	if st.Deferred != "" && d.rw.mayMention(st.Deferred) {
		d.refuse(ErrRefused, nil, st.Span.Start, "statement refused: the SQL text it keeps may reach a governed table and would run later without tombstone's rewriting; prepare statements through the driver (DB.PrepareContext), and give functions a BEGIN ATOMIC body or create them outside tombstone")
	}
	if st.Stored != "" {
		d.stored(st)
	}
	d.auditState(st)
	d.carries(st)
	d.rekeys(st)
	d.schemaChanges(st)
	for _, r := range st.Refs {
		d.checkUse(r)
	}
	for _, del := range st.Deletes {
		d.delete(del)
	}
	if d.refused {
		return
	}
	for _, b := range st.Blocks {
		d.block(b)
	}
	for _, cf := range st.Conflicts {
		d.conflict(cf)
	}
	for _, r := range st.Refs {
		if r.Use == CopyTo {
			d.copyTo(r)
		}
	}
	if d.refused {
		return
	}
	d.finishClauses()
}

// checkUse refuses uses of governed tables the policy forbids outright.
func (d *decider) checkUse(r *Ref) {
	t := r.table
	if t == nil {
		return
	}
	switch r.Use {
	case Unknown:
		d.refuse(ErrUnparsed, t, r.Pos, "statement refused: tombstone cannot tell how it uses %s here, so it cannot enforce %s's rule", r.Name, t.Name)
	case Truncate:
		switch t.Rule {
		case policy.Retain:
			d.refuse(ErrRetained, t, r.Pos, "TRUNCATE of %s refused: %s is a retain table (kept for %s); its rows cannot be deleted", t.Name, t.Name, t.Retention.Words())
		case policy.Soft:
			d.refuse(ErrRefused, t, r.Pos, "TRUNCATE of %s refused: %s is a soft table, and TRUNCATE would erase its live rows and tombstones alike; DELETE rows to tombstone them", t.Name, t.Name)
		case policy.Hard:
			if d.rw.policy.Audit != nil {
				d.refuse(ErrRefused, t, r.Pos, "TRUNCATE of %s refused: the policy audits hard deletes and TRUNCATE leaves no audit row; DELETE the rows instead", t.Name)
			}
		}
	case Replace:
		switch t.Rule {
		case policy.Retain:
			d.refuse(ErrRetained, t, r.Pos, "REPLACE into %s refused: REPLACE deletes the row it conflicts with, and %s is a retain table (kept for %s)", t.Name, t.Name, t.Retention.Words())
		case policy.Soft:
			d.refuse(ErrRefused, t, r.Pos, "REPLACE into %s refused: REPLACE deletes the row it conflicts with, a hidden hard delete on soft table %s; use INSERT … ON CONFLICT DO UPDATE (ON DUPLICATE KEY UPDATE on MySQL)", t.Name, t.Name)
		case policy.Hard:
			if d.rw.policy.Audit != nil {
				// SQLite runs no delete trigger for the rows REPLACE removes.
				d.refuse(ErrRefused, t, r.Pos, "REPLACE into %s refused: the policy audits hard deletes and the rows REPLACE deletes may leave no audit row; use INSERT … ON CONFLICT DO UPDATE (ON DUPLICATE KEY UPDATE on MySQL)", t.Name)
			}
		}
	}
}

// delete decides what one DELETE becomes: refused (a retain target),
// unchanged (hard targets, or the hard-delete scope), or a tombstone UPDATE.
func (d *decider) delete(del *Deletion) {
	var soft, other []*Ref
	for _, r := range del.Targets {
		t := r.table
		switch {
		case t != nil && t.Rule == policy.Retain:
			d.refuse(ErrRetained, t, r.Pos, "DELETE on %s refused: %s is a retain table (kept for %s); its rows cannot be deleted", t.Name, t.Name, t.Retention.Words())
			return
		case t != nil && t.Rule == policy.Soft:
			soft = append(soft, r)
		default:
			other = append(other, r)
		}
	}
	if len(soft) == 0 || d.scope.hardDelete {
		return
	}
	if len(other) > 0 {
		d.refuse(ErrRefused, soft[0].table, del.Pos, "DELETE refused: it removes rows from soft table %s and from %s, which is not soft, in one statement; split it", soft[0].table.Name, other[0].Name)
		return
	}
	if del.NoUpdate != "" {
		d.refuse(ErrRefused, soft[0].table, del.Pos, "DELETE refused: %s is a soft table, so the DELETE must become a tombstone UPDATE, and it cannot: %s", soft[0].table.Name, del.NoUpdate)
		return
	}
	if del.Merge {
		for _, r := range soft {
			if d.scope.visibility(r.table) != Live {
				d.refuse(ErrRefused, r.table, del.Pos, "MERGE … THEN DELETE refused in a scope that shows tombstones of %s: keeping the DELETE off tombstones would change which rows the other WHEN clauses match; run it in the default scope", r.table.Name)
				return
			}
		}
	}
	if d.tombstoned == nil {
		d.tombstoned = map[*Ref]bool{}
	}
	var sets []string
	for _, r := range soft {
		d.tombstoned[r] = true
		col := d.rw.dialect.Quote(r.table.Column)
		if del.QualifySet {
			col = r.Qualifier + "." + col
		}
		sets = append(sets, col+" = "+d.rw.dialect.Mark(r.table.Marker))
	}
	var edits []Edit
	var ranked []rankedEdit
	for _, e := range del.ToUpdate {
		d.plan.edit(e, rankOpen)
		edits = append(edits, e)
		ranked = append(ranked, rankedEdit{Edit: e, rank: rankOpen})
	}
	set := Edit{Start: del.SetAt, End: del.SetAt, Text: " SET " + strings.Join(sets, ", ")}
	d.plan.edit(set, rankSet)
	edits = append(edits, set)
	ranked = append(ranked, rankedEdit{Edit: set, rank: rankSet})
	for _, rr := range del.Returned {
		for _, r := range soft {
			if !d.sameColumn(rr.Column, r.table.Column) || !returns(rr.Qualifier, r, len(soft) == 1) {
				continue
			}
			e := Edit{Start: rr.Span.Start, End: rr.Span.End, Text: liveValue(r.table.Marker, d.plan.SQL[rr.Span.Start:rr.Span.End])}
			if rr.Bare {
				// The name the database gives the column's own item.
				e.Text += " AS " + d.rw.dialect.Quote(r.table.Column)
			}
			d.plan.edit(e, rankOpen)
			edits = append(edits, e)
			ranked = append(ranked, rankedEdit{Edit: e, rank: rankOpen})
			break
		}
	}
	for _, r := range soft {
		d.act(&Action{Kind: Tombstone, Table: r.table, Use: Delete, Pos: del.Pos, Edits: edits, ranked: ranked})
	}
}

// returns reports whether a RETURNING column's qualifier names target r:
// as for predicates, or by the table's name under any schema when r is
// unqualified (RETURNING public.customers.deleted_at), since a DELETE's
// RETURNING can name no other table of that name.
func returns(q []string, r *Ref, alone bool) bool {
	if qualifies(q, r, alone) {
		return true
	}
	return r.Alias == "" && r.Schema == "" && len(q) >= 2 && q[len(q)-1] == r.Name
}

// liveValue is an expression of the tombstone column col, after the
// tombstone UPDATE, that has the value col had before it, a live value of
// its type: NULL for a timestamp, 0 for unix seconds, false for a flag (a
// flag that was NULL comes back false).
func liveValue(m policy.Marker, col string) string {
	switch m {
	case policy.Flag:
		return "(NOT " + col + ")"
	case policy.Unix:
		return "(" + col + " - " + col + ")"
	}
	return "NULLIF(" + col + ", " + col + ")"
}

// block places predicates for every reference of one query block.
func (d *decider) block(b *Block) {
	if b.Target != nil {
		d.restrict(b.Target, []*Clause{b.TargetClause}, nil, nil, len(b.From) == 0)
	}
	var top []*Clause
	if b.Where != nil {
		top = []*Clause{b.Where}
	}
	alone := b.Target == nil && len(b.From) == 1
	for _, it := range b.From {
		d.item(it, top, nil, nil, alone)
	}
}

// item walks a FROM item. chain holds the clauses where a predicate for a
// table directly in it is exact, innermost first; above holds the clauses
// cut off by an outer join on the way up (where a misplaced test may sit);
// lead holds those of above where the table's qualifier still names it.
func (d *decider) item(it *FromItem, chain, above, lead []*Clause, alone bool) {
	if it == nil {
		return
	}
	if it.Ref != nil {
		d.restrict(it.Ref, chain, above, lead, alone)
		return
	}
	j := it.Join
	if j == nil {
		return
	}
	outer := chain
	if j.Aliased {
		outer, lead = nil, nil
	}
	cutLead := append(append([]*Clause(nil), outer...), lead...)
	var on []*Clause
	if j.On != nil {
		on = []*Clause{j.On}
	}
	inner := append(append([]*Clause(nil), on...), outer...)
	cut := append(append([]*Clause(nil), chain...), above...)
	switch j.Type {
	case InnerJoin:
		d.item(j.Left, inner, above, lead, false)
		d.item(j.Right, inner, above, lead, false)
	case LeftJoin:
		d.item(j.Left, outer, above, lead, false)
		d.item(j.Right, on, cut, cutLead, false)
	case RightJoin:
		d.item(j.Left, on, cut, cutLead, false)
		d.item(j.Right, outer, above, lead, false)
	case FullJoin:
		// Each side is both preserved and nullable: only a derived table
		// drops its tombstones exactly.
		d.item(j.Left, nil, cut, cutLead, false)
		d.item(j.Right, nil, cut, cutLead, false)
	}
}

type need struct {
	live bool // true: the live predicate; false: the tombstone predicate
	// window: the restore window's test (see Restorable), for an UPDATE
	// that sets the marker in a scope that shows tombstones.
	window bool
}

// restrict adds the predicates the scope requires for one reference.
func (d *decider) restrict(r *Ref, chain, above, lead []*Clause, alone bool) {
	t := r.table
	if t == nil || t.Rule != policy.Soft {
		return
	}
	switch r.Use {
	case Read, Update, Delete:
	default:
		return
	}
	vis := d.scope.visibility(t)
	var needs []need
	if vis == Live || d.tombstoned[r] {
		needs = append(needs, need{live: true})
	}
	if vis == Deleted {
		needs = append(needs, need{live: false})
	}
	if d.restoresPastWindow(r, vis) {
		needs = append(needs, need{window: true})
	}
	var missing []need
	for _, n := range needs {
		// Behind a column-alias list a test's column may be another one
		// renamed: only the derived table can be trusted.
		if n.window && !r.MustWrap && (d.has(chain, r, alone, true) || len(chain) > 0 && d.hasWindow(d.placement(chain), r)) {
			continue // live rows only, or the test is there: nothing past the window
		}
		if n.window || r.MustWrap || !d.has(chain, r, alone, n.live) {
			missing = append(missing, n)
		}
	}
	hides := vis == Live || d.tombstoned[r]
	if len(missing) == 0 {
		if vis == Live && d.rejectsNulls(above, r) {
			d.act(&Action{Kind: RejectsNulls, Table: t, Use: r.Use, Pos: r.Pos, Visibility: vis, Predicate: d.predicate(r, true, true)})
		}
		if hides {
			d.first(r, chain, lead, alone, nil)
		}
		return
	}
	if r.MustWrap || len(chain) == 0 {
		d.wrap(r, missing, vis, above)
		if hides && !d.refused {
			d.first(r, nil, lead, alone, nil)
		}
		return
	}
	c := d.placement(chain)
	if c.Frozen {
		// WHERE CURRENT OF: the row is the one the cursor's own (rewritten)
		// query returned; no condition can be added to it.
		return
	}
	var preds []string
	if len(c.add) == 0 && len(c.late) == 0 {
		d.touched = append(d.touched, c)
	}
	for _, n := range missing {
		pred := d.needed(r, n, !c.Unqualified)
		preds = append(preds, pred)
		if n.window {
			c.late = append(c.late, pred)
		} else {
			c.add = append(c.add, pred)
		}
	}
	a := d.act(&Action{Kind: Restrict, Table: t, Use: r.Use, Pos: r.Pos, Visibility: vis, Predicate: strings.Join(preds, " AND "), clause: c, SetsMarker: d.setsMarker(r)})
	a.Misplaced = missing[0].live && d.has(above, r, false, true)
	if d.byClause == nil {
		d.byClause = map[*Clause][]*Action{}
	}
	d.byClause[c] = append(d.byClause[c], a)
	if hides {
		d.first(r, chain, lead, alone, c)
	}
}

// placement is the clause of chain, which is not empty, that gets a
// reference's predicates: the one the engine evaluates first, the
// innermost, or on OnAfterWhere dialects the outermost (MariaDB and SQLite
// evaluate the WHERE before an inner join's ON).
func (d *decider) placement(chain []*Clause) *Clause {
	if d.rw.onAfterWhere {
		return chain[len(chain)-1]
	}
	return chain[0]
}

// first puts r's live predicate at the head of the clauses whose terms the
// engine may evaluate on r's rows before the clause that filters them
// does, so that no term the caller wrote meets a tombstone first: the
// clause of chain the engine evaluates first (the innermost; on
// OnAfterWhere dialects the outermost, as MariaDB and SQLite put the
// WHERE before an inner join's ON), where a test the caller wrote may
// stand behind the caller's other terms; and on OnAfterWhere dialects the
// clauses of lead, above an outer join the engine makes an inner one when
// they reject its NULLs. A clause that already leads with the live test,
// or holds nothing the caller wrote, is left alone; done is the clause
// restrict just gave the predicate. Above an outer join only a test that
// holds for the NULLs the join adds may go, so lead is skipped for unix
// markers.
func (d *decider) first(r *Ref, chain, lead []*Clause, alone bool, done *Clause) {
	var clauses []*Clause
	if len(chain) > 0 {
		clauses = []*Clause{d.placement(chain)}
	}
	if d.rw.onAfterWhere && r.table.Marker != policy.Unix {
		clauses = append(clauses, lead...)
	}
	for _, c := range clauses {
		if c == done || c.Frozen || c.Cond.Empty() || c.OnlyTests || d.leads(c, r, alone) {
			continue
		}
		pred := d.predicate(r, true, !c.Unqualified)
		if len(c.add) == 0 && len(c.late) == 0 {
			d.touched = append(d.touched, c)
		}
		c.add = append(c.add, pred)
		a := d.act(&Action{Kind: Lead, Table: r.table, Use: r.Use, Pos: r.Pos, Visibility: d.scope.visibility(r.table), Predicate: pred, clause: c})
		if d.byClause == nil {
			d.byClause = map[*Clause][]*Action{}
		}
		d.byClause[c] = append(d.byClause[c], a)
	}
}

// leads reports whether clause c starts with the live test of r: among
// the column tests before the caller's first other term, and not an
// equality an EqualityLast dialect moves behind them.
func (d *decider) leads(c *Clause, r *Ref, alone bool) bool {
	t := r.table
	for _, test := range c.Tests {
		if !test.Leading || test.Equality && d.rw.zeroTest != nil {
			continue
		}
		if d.sameColumn(test.Column, t.Column) && satisfies(t.Marker, true, test.Kind) && qualifies(test.Qualifier, r, alone || c.Unqualified) {
			return true
		}
	}
	return false
}

// wrap turns the reference into a derived table that holds only the rows
// the scope allows; used where no clause can filter it exactly.
func (d *decider) wrap(r *Ref, missing []need, vis Visibility, above []*Clause) {
	t := r.table
	if !r.Wrap {
		d.refuse(ErrRefused, t, r.Pos, "statement refused: %s needs its rows filtered before the join, which takes a derived table, and this reference cannot become one (it is the target of the statement, or carries a sample clause or index hints); move the join into a subquery", r.Name)
		return
	}
	var preds []string
	for _, n := range missing {
		preds = append(preds, d.needed(r, n, false))
	}
	pred := strings.Join(preds, " AND ")
	name := d.plan.SQL[r.NameSpan.Start:r.NameSpan.End]
	text := "(SELECT * FROM " + name + " WHERE " + pred + ")"
	if r.Alias == "" {
		text += " AS " + d.rw.dialect.Quote(r.Name)
	}
	e := Edit{Start: r.NameSpan.Start, End: r.NameSpan.End, Text: text}
	d.plan.edit(e, rankOpen)
	a := d.act(&Action{Kind: Restrict, Table: t, Use: r.Use, Pos: r.Pos, Visibility: vis, Predicate: pred, Wrapped: true, Edits: []Edit{e}, ranked: []rankedEdit{{Edit: e, rank: rankOpen}}, SetsMarker: d.setsMarker(r)})
	a.Misplaced = missing[0].live && d.has(above, r, false, true)
}

// has reports whether a clause of chain already holds the live (or the
// tombstone) test for r among its top-level AND terms.
func (d *decider) has(chain []*Clause, r *Ref, alone, live bool) bool {
	t := r.table
	for _, c := range chain {
		for _, test := range c.Tests {
			if !d.sameColumn(test.Column, t.Column) || !satisfies(t.Marker, live, test.Kind) {
				continue
			}
			if qualifies(test.Qualifier, r, alone || c.Unqualified) {
				return true
			}
		}
	}
	return false
}

// rekeys refuses, in a scope that reaches tombstones of a soft table, an
// UPDATE that sets one of the table's key columns: the audit trail knows
// a tombstone by its key, and the restore trigger refuses an erased row by
// it, so a tombstone given a new key could be restored as if it had never
// been erased.
func (d *decider) rekeys(st *Statement) {
	for _, r := range st.Refs {
		t := r.table
		if r.Use != Update || t == nil || t.Rule != policy.Soft || d.scope.visibility(t) == Live {
			continue
		}
		for _, col := range r.Assigns {
			for _, k := range t.Key {
				if d.sameColumn(col, k) {
					d.refuse(ErrRefused, t, r.Pos, "statement refused: it sets %s, a key column of %s, in a scope that reaches its tombstones; the audit trail knows a tombstone by its key (the restore of an erased row is refused by it), so change the keys of live rows only, in the default scope", col, t.Name)
					return
				}
			}
		}
	}
}

// setsMarker reports whether r is an UPDATE target whose SET list assigns
// its table's tombstone column.
func (d *decider) setsMarker(r *Ref) bool {
	if r.Use != Update {
		return false
	}
	for _, col := range r.Assigns {
		if d.sameColumn(col, r.table.Column) {
			return true
		}
	}
	return false
}

// stored refuses a statement that keeps its queries for later callers (a
// view, a prepared statement, a rule, a function body) when the scope is
// not the default for a table it uses: the scope would go on applying to
// every later caller, whatever their role — tombstones shown, a DELETE
// that really deletes, an UPDATE that reaches tombstones.
func (d *decider) stored(st *Statement) {
	for _, r := range st.Refs {
		t := r.table
		if t == nil || t.Rule != policy.Soft || r.Use == Schema || r.Use == Insert {
			continue
		}
		if d.scope.visibility(t) != Live {
			d.refuse(ErrRefused, t, r.Pos, "%s refused: it keeps its queries for later callers, and this scope shows tombstones of %s, which every later caller would then see; run it in the default scope", st.Stored, t.Name)
			return
		}
	}
	if !d.scope.hardDelete {
		return
	}
	for _, del := range st.Deletes {
		for _, r := range del.Targets {
			if t := r.table; t != nil && t.Rule == policy.Soft {
				d.refuse(ErrRefused, t, r.Pos, "%s refused: it keeps its queries for later callers, and in the hard-delete scope its DELETE on %s would really delete for every later caller; run it in the default scope", st.Stored, t.Name)
				return
			}
		}
	}
}

// sameColumn reports whether a column name the adapter reported is the
// policy's column name, by the dialect's rule for column names.
func (d *decider) sameColumn(col, policyColumn string) bool {
	if d.rw.exactColumns {
		return col == policyColumn
	}
	if len(col) != len(policyColumn) {
		return false
	}
	for i := 0; i < len(col); i++ {
		if lowerASCII(col[i]) != lowerASCII(policyColumn[i]) {
			return false
		}
	}
	return true
}

func lowerASCII(b byte) byte {
	if 'A' <= b && b <= 'Z' {
		return b + 'a' - 'A'
	}
	return b
}

// rejectsNulls reports whether a clause of above, cut off from r by an
// outer join, holds a live test of r that is false for NULL.
func (d *decider) rejectsNulls(above []*Clause, r *Ref) bool {
	t := r.table
	for _, c := range above {
		for _, test := range c.Tests {
			if !test.NullSafe && d.sameColumn(test.Column, t.Column) && satisfies(t.Marker, true, test.Kind) && qualifies(test.Qualifier, r, c.Unqualified) {
				return true
			}
		}
	}
	return false
}

func satisfies(m policy.Marker, live bool, k TestKind) bool {
	switch m {
	case policy.Timestamp:
		return live && k == IsNull || !live && k == IsNotNull
	case policy.Flag:
		return live && (k == IsFalse || k == IsZero) || !live && (k == IsTrue || k == NotZero)
	case policy.Unix:
		return live && k == IsZero || !live && k == NotZero
	}
	return false
}

// qualifies reports whether a column qualifier surely names reference r.
// Names compare exactly, as the database folded them: a near miss adds a
// predicate that was not needed, never misses one that was.
func qualifies(q []string, r *Ref, alone bool) bool {
	if len(q) == 0 {
		return alone
	}
	if r.Alias != "" {
		return len(q) == 1 && q[0] == r.Alias
	}
	switch len(q) {
	case 1:
		return q[0] == r.Name
	case 2:
		return r.Schema != "" && q[0] == r.Schema && q[1] == r.Name
	case 3:
		return r.Schema != "" && q[1] == r.Schema && q[2] == r.Name
	}
	return false
}

// predicate renders the live (or tombstone) test for r's marker, in the
// form the engine evaluates where it is written (EqualityLast).
func (d *decider) predicate(r *Ref, live, qualified bool) string {
	t := r.table
	col := d.rw.dialect.Quote(t.Column)
	if qualified {
		col = r.Qualifier + "." + col
	}
	if live && t.Marker == policy.Unix && d.rw.zeroTest != nil {
		return d.rw.zeroTest.ZeroTest(col)
	}
	return Predicate(t.Marker, col, live)
}

// Predicate renders the live test (live true) or the tombstone test of a
// marker column; col is the column as it should appear, qualified or not.
// The same text serves rewrites, partial indexes and the linter's fixes.
func Predicate(m policy.Marker, col string, live bool) string {
	switch m {
	case policy.Flag:
		if live {
			return col + " IS NOT TRUE"
		}
		return col + " IS TRUE"
	case policy.Unix:
		if live {
			return col + " = 0"
		}
		return col + " <> 0"
	}
	if live {
		return col + " IS NULL"
	}
	return col + " IS NOT NULL"
}

// conflict adds the live predicate to a soft table's conflict target, so
// the database infers the partial unique index that holds live rows only.
func (d *decider) conflict(cf *Conflict) {
	t := cf.Target.table
	if t == nil || t.Rule != policy.Soft {
		return
	}
	if cf.Clause == nil && cf.Constraint != "" {
		d.refuse(ErrRefused, t, cf.Target.Pos, "INSERT refused: ON CONFLICT ON CONSTRAINT %s on soft table %s would conflict with tombstones too; name the conflict columns instead, so tombstone can match the live-rows-only unique index", cf.Constraint, t.Name)
		return
	}
	if c := cf.Clause; c != nil && !d.has([]*Clause{c}, cf.Target, true, true) {
		// The index predicate is matched to the partial unique index's
		// own, not evaluated on rows: Predicate's form.
		d.guard(GuardConflict, c, cf.Target, Predicate(t.Marker, d.rw.dialect.Quote(t.Column), true))
	}
	if c := cf.Update; c != nil && !d.leads(c, cf.Target, false) {
		d.guard(GuardUpsert, c, cf.Target, d.predicate(cf.Target, true, !c.Unqualified))
	}
	for _, col := range cf.Sets {
		if d.sameColumn(col, t.Column) {
			d.refuse(ErrRefused, t, cf.Target.Pos, "INSERT refused: its ON DUPLICATE KEY UPDATE assigns %s, the tombstone column of soft table %s, and would revive a tombstone whose key the row reuses; restore rows with UPDATE in the only-deleted scope", col, t.Name)
			return
		}
	}
	if len(cf.Sets) > 0 && d.scope.visibility(t) == Live {
		d.act(&Action{Kind: OpenUpsert, Table: t, Use: Insert, Pos: cf.Target.Pos, Visibility: Live})
	}
}

// guard adds the live predicate of an INSERT's target to one clause of
// its conflict handling.
func (d *decider) guard(kind ActionKind, c *Clause, target *Ref, pred string) {
	if len(c.add) == 0 && len(c.late) == 0 {
		d.touched = append(d.touched, c)
	}
	c.add = append(c.add, pred)
	a := d.act(&Action{Kind: kind, Table: target.table, Use: Insert, Pos: target.Pos, Predicate: pred, clause: c})
	if d.byClause == nil {
		d.byClause = map[*Clause][]*Action{}
	}
	d.byClause[c] = append(d.byClause[c], a)
}

// copyTo turns COPY soft_table TO into COPY (SELECT … WHERE live) TO.
func (d *decider) copyTo(r *Ref) {
	t := r.table
	if t == nil || t.Rule != policy.Soft || r.Copy == nil {
		return
	}
	vis := d.scope.visibility(t)
	if vis == All {
		return
	}
	cols := r.Copy.Columns
	if cols == "" {
		cols = "*"
	}
	pred := d.predicate(r, vis == Live, false)
	name := d.plan.SQL[r.NameSpan.Start:r.NameSpan.End]
	e := Edit{Start: r.Copy.Span.Start, End: r.Copy.Span.End, Text: "(SELECT " + cols + " FROM " + name + " WHERE " + pred + ")"}
	d.plan.edit(e, rankOpen)
	d.act(&Action{Kind: CopyQuery, Table: t, Use: CopyTo, Pos: r.Pos, Visibility: vis, Predicate: pred, Edits: []Edit{e}, ranked: []rankedEdit{{Edit: e, rank: rankOpen}}})
}

// finishClauses turns the predicates gathered per clause into edits: an
// existing condition is parenthesized before they are ANDed to it.
func (d *decider) finishClauses() {
	for _, c := range d.touched {
		ranked := c.edits(append(c.add, c.late...))
		var edits []Edit
		for _, e := range ranked {
			d.plan.edit(e.Edit, e.rank)
			edits = append(edits, e.Edit)
		}
		for _, a := range d.byClause[c] {
			a.Edits = edits
		}
		c.add, c.late = nil, nil
	}
}

// edits returns the edits that AND predicates preds to the clause. They
// go first, before the existing condition (parenthesized): every engine
// evaluates a conjunction's terms in written order unless its planner has a
// reason to move one, so the caller's expressions meet only the rows the
// scope allows (docs/threat-model.md says what each engine guarantees). An
// index predicate (a conflict target's) is matched to an index's, never
// evaluated, and SQLite matches it only as written: it keeps its condition
// first, as the index documented for it does.
//
// Column tests go before compound predicates (a restore window's, written
// in parentheses), so that every table's live test stays among the
// clause's leading column tests and a second rewrite finds it there.
func (c *Clause) edits(preds []string) []rankedEdit {
	ordered := make([]string, 0, len(preds))
	for _, late := range []bool{false, true} {
		for _, p := range preds {
			if strings.HasPrefix(p, "(") == late {
				ordered = append(ordered, p)
			}
		}
	}
	text := strings.Join(ordered, " AND ")
	if !c.Cond.Empty() && c.Unqualified {
		return []rankedEdit{
			{Edit: Edit{Start: c.Cond.Start, End: c.Cond.Start, Text: "("}, rank: rankOpen},
			{Edit: Edit{Start: c.Cond.End, End: c.Cond.End, Text: ") AND " + text}, rank: rankClose},
		}
	}
	if !c.Cond.Empty() {
		return []rankedEdit{
			{Edit: Edit{Start: c.Cond.Start, End: c.Cond.Start, Text: text + " AND ("}, rank: rankOpen},
			{Edit: Edit{Start: c.Cond.End, End: c.Cond.End, Text: ")"}, rank: rankClose},
		}
	}
	rank := rankNewClause
	if c.Keyword == "ON" {
		rank = rankNewOn
	}
	return []rankedEdit{{Edit: Edit{Start: c.At, End: c.At, Text: " " + c.Keyword + " " + text}, rank: rank}}
}
