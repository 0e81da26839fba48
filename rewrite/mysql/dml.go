package mysql

import (
	"github.com/tombstone-sql/tombstone/rewrite"
)

// modifiers skips the words in mods at token i and returns the indexes of
// those named in drop.
func (w *walker) modifiers(i int, mods, drop []string) (int, []int) {
	var dropped []int
	for {
		found := false
		for _, m := range mods {
			if w.kw(i, m) {
				for _, d := range drop {
					if d == m {
						dropped = append(dropped, i)
					}
				}
				found = true
			}
		}
		if !found {
			return i, dropped
		}
		i++
	}
}

// removal is the edit that removes tokens i through j and the spaces after
// them.
func (w *walker) removal(i, j int) rewrite.Edit {
	end := w.lx.t[j].end
	src := w.lx.src
	for end < len(src) && (src[end] == ' ' || src[end] == '\t') {
		end++
	}
	start := w.lx.t[i].start
	for _, c := range w.lx.comments {
		if c.delimiter && c.start < end && c.end > start {
			// Removing one end of an executable comment would leave the
			// other unmatched: DELETE FROM c /*! USING customers c */.
			w.fail(i, "the DELETE clause to rewrite crosses an executable comment (/*! … */); write it outside the comment")
			break
		}
	}
	return rewrite.Edit{Start: start, End: end}
}

// dmlClause reports whether token i ends the WHERE of UPDATE or DELETE.
func (w *walker) dmlClause(i int) bool {
	return w.kwAny(i, "ORDER", "LIMIT", "RETURNING")
}

// update describes UPDATE [LOW_PRIORITY] [IGNORE] table_references SET …
// [WHERE …] [ORDER BY …] [LIMIT …].
func (w *walker) update(i int, sc *scope) {
	k, _ := w.modifiers(i+1, []string{"LOW_PRIORITY", "IGNORE"}, nil)
	items, k := w.fromList(k, w.hi, sc)
	if w.err != nil {
		return
	}
	if !w.kw(k, "SET") {
		w.fail(k, "expected SET")
		return
	}
	d := w.lx.t[i].depth
	setEnd := w.find(k+1, w.hi, d, func(j int) bool { return w.kw(j, "WHERE") || w.dmlClause(j) })
	if setEnd == k+1 {
		w.fail(k, "empty SET")
		return
	}
	assigned, all, cols := w.assignments(k+1, setEnd)
	w.region(k+1, setEnd, sc)
	where, n := w.where(setEnd, w.hi, d, sc, w.dmlClause)
	w.region(n, w.hi, sc)
	rs := refs(items)
	for _, r := range rs {
		mine := func(q string) bool {
			return q == r.Alias || r.Alias == "" && (q == r.Name || q == r.Schema+"."+r.Name)
		}
		if all || len(rs) == 1 || anyKey(assigned, mine) {
			// A derived table cannot be updated: a target is never wrapped.
			r.Use = rewrite.Update
			r.Wrap = false
			for _, c := range cols {
				if c.qualifier == "" || mine(c.qualifier) {
					r.Assigns = append(r.Assigns, c.column)
				}
			}
		}
	}
	w.stmt.Blocks = append(w.stmt.Blocks, &rewrite.Block{From: items, Where: where})
}

// assignment is one column a SET list assigns.
type assignment struct{ qualifier, column string }

// assignments returns the qualifiers of the columns a SET list assigns,
// whether one of them is unqualified, and the columns.
func (w *walker) assignments(a, b int) (map[string]bool, bool, []assignment) {
	q := map[string]bool{}
	all := false
	var cols []assignment
	d := w.lx.t[a].depth
	for i := a; i < b; {
		// [[schema.]table.]column = …
		var parts []string
		j := i
		for w.isName(j) {
			parts = append(parts, w.lx.name(j))
			if !w.op(j+1, ".") {
				break
			}
			j += 2
		}
		switch len(parts) {
		case 0:
			all = true
		case 1:
			all = true
			cols = append(cols, assignment{column: parts[0]})
		case 2:
			q[parts[0]] = true
			cols = append(cols, assignment{parts[0], parts[1]})
		default:
			qual := parts[len(parts)-3] + "." + parts[len(parts)-2]
			q[qual] = true
			cols = append(cols, assignment{qual, parts[len(parts)-1]})
		}
		next := w.find(i, b, d, func(j int) bool { return w.op(j, ",") })
		i = next + 1
	}
	return q, all, cols
}

// delete describes the three forms of DELETE:
//
//	DELETE [mods] FROM t [[AS] a] [PARTITION (…)] [WHERE] [ORDER BY] [LIMIT] [RETURNING]
//	DELETE [mods] t1[.*] [, t2[.*]] FROM table_references [WHERE]
//	DELETE [mods] FROM t1[.*] [, t2[.*]] USING table_references [WHERE]
func (w *walker) delete(i int, sc *scope) {
	d := w.lx.t[i].depth
	k, quick := w.modifiers(i+1, []string{"LOW_PRIORITY", "QUICK", "IGNORE"}, []string{"QUICK"})
	del := &rewrite.Deletion{Pos: w.lx.t[i].start}
	del.ToUpdate = append(del.ToUpdate, rewrite.Edit{Start: w.lx.t[i].start, End: w.lx.t[i].end, Text: "UPDATE"})
	for _, q := range quick {
		// QUICK is a DELETE option that UPDATE does not take.
		del.ToUpdate = append(del.ToUpdate, w.removal(q, q))
	}
	if ret := w.find(k, w.hi, d, func(j int) bool { return w.kw(j, "RETURNING") }); ret < w.hi {
		del.NoUpdate = "MariaDB has no UPDATE … RETURNING"
	}
	var targets []targetName
	var items []*rewrite.FromItem
	var n int
	if w.kw(k, "FROM") {
		using := w.find(k+1, w.hi, d, func(j int) bool { return w.kw(j, "USING") })
		if using == w.hi {
			// The single-table form.
			item, m := w.factor(k+1, w.hi, sc)
			if w.err != nil {
				return
			}
			if item.Ref == nil {
				w.fail(k+1, "DELETE from something that is not a table")
				return
			}
			item.Ref.Use = rewrite.Delete
			del.Targets = []*rewrite.Ref{item.Ref}
			del.ToUpdate = append(del.ToUpdate, w.removal(k, k))
			del.SetAt = w.lx.t[m-1].end
			where, e := w.where(m, w.hi, d, sc, w.dmlClause)
			w.region(e, w.hi, sc)
			w.stmt.Blocks = append(w.stmt.Blocks, &rewrite.Block{From: []*rewrite.FromItem{item}, Where: where})
			w.stmt.Deletes = append(w.stmt.Deletes, del)
			return
		}
		targets = w.targetNames(k+1, using)
		del.ToUpdate = append(del.ToUpdate, w.removal(k, using))
		items, n = w.fromList(using+1, w.hi, sc)
	} else {
		from := w.find(k, w.hi, d, func(j int) bool { return w.kw(j, "FROM") })
		if from == w.hi || from == k {
			w.fail(k, "expected the tables to delete from")
			return
		}
		targets = w.targetNames(k, from)
		del.ToUpdate = append(del.ToUpdate, w.removal(k, from))
		items, n = w.fromList(from+1, w.hi, sc)
	}
	if w.err != nil {
		return
	}
	del.SetAt = w.lx.t[n-1].end
	del.QualifySet = true
	where, e := w.where(n, w.hi, d, sc, w.dmlClause)
	w.region(e, w.hi, sc)
	in := refs(items)
	for _, tn := range targets {
		r := resolve(tn, in)
		if r == nil {
			// Not a table of the FROM list (or not one tombstone can pin
			// down): the server would refuse it, and so does tombstone
			// when the name is governed.
			r = &rewrite.Ref{Schema: tn.schema, Name: tn.name, Pos: tn.pos, Use: rewrite.Unknown}
			w.stmt.Refs = append(w.stmt.Refs, r)
			continue
		}
		r.Use = rewrite.Delete
		r.Wrap = false
		dup := false
		for _, t := range del.Targets {
			dup = dup || t == r
		}
		if !dup {
			del.Targets = append(del.Targets, r)
		}
	}
	w.stmt.Blocks = append(w.stmt.Blocks, &rewrite.Block{From: items, Where: where})
	w.stmt.Deletes = append(w.stmt.Deletes, del)
}

// targetName is one table of a multiple-table DELETE's list.
type targetName struct {
	schema, name string
	pos          int
}

// targetNames reads t1[.*] [, db.t2[.*]] in tokens [a, b).
func (w *walker) targetNames(a, b int) []targetName {
	var out []targetName
	for i := a; i < b && w.err == nil; {
		if !w.isName(i) {
			w.fail(i, "expected a table name")
			return nil
		}
		tn := targetName{name: w.lx.name(i), pos: w.lx.t[i].start}
		i++
		if w.op(i, ".") && w.isName(i+1) {
			tn.schema, tn.name = tn.name, w.lx.name(i+1)
			i += 2
		}
		if w.op(i, ".") && w.op(i+1, "*") {
			i += 2
		}
		out = append(out, tn)
		if i < b && !w.op(i, ",") {
			w.fail(i, "expected , between the tables to delete from")
			return nil
		}
		i++
	}
	return out
}

// resolve finds the reference a DELETE target names: its alias, or the
// table's name when it has none. Names compare exactly; no match or two
// matches resolve to nil.
func resolve(tn targetName, in []*rewrite.Ref) *rewrite.Ref {
	var found *rewrite.Ref
	for _, r := range in {
		var ok bool
		if tn.schema == "" {
			ok = r.Alias == tn.name || r.Alias == "" && r.Name == tn.name
		} else {
			ok = r.Alias == "" && r.Schema == tn.schema && r.Name == tn.name
		}
		if ok {
			if found != nil {
				return nil
			}
			found = r
		}
	}
	return found
}

// insert describes INSERT and REPLACE: the target, and every query in the
// rest of the statement (the SELECT, subqueries in VALUES, SET, ON
// DUPLICATE KEY UPDATE and RETURNING).
func (w *walker) insert(i int, sc *scope) {
	use := rewrite.Insert
	if w.kw(i, "REPLACE") {
		use = rewrite.Replace
	}
	k, _ := w.modifiers(i+1, []string{"LOW_PRIORITY", "DELAYED", "HIGH_PRIORITY", "IGNORE"}, nil)
	if w.kw(k, "INTO") {
		k++
	}
	if !w.isName(k) {
		w.fail(k, "expected the table to insert into")
		return
	}
	first, last := k, k
	if w.op(k+1, ".") && w.isName(k+2) {
		last = k + 2
	}
	r := &rewrite.Ref{
		Name:      w.lx.name(last),
		Qualifier: w.lx.text(first, last),
		Pos:       w.lx.t[first].start,
		Use:       use,
		NameSpan:  rewrite.Span{Start: w.lx.t[first].start, End: w.lx.t[last].end},
	}
	if first != last {
		r.Schema = w.lx.name(first)
	}
	w.stmt.Refs = append(w.stmt.Refs, r)
	w.sources = append(w.sources, source(r.Schema, r.Name, ""))
	w.region(last+1, w.hi, sc)
}

// anyKey reports whether f holds for a key of m.
func anyKey(m map[string]bool, f func(string) bool) bool {
	for k := range m {
		if f(k) {
			return true
		}
	}
	return false
}
