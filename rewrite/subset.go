package rewrite

// RewrittenFor returns the input with only the edits of the actions keep
// accepts: what Rewritten returns when some actions are left out, as when
// a lint finding is suppressed. ok is false when the kept edits overlap
// (then the input is returned unchanged).
func (pl *Plan) RewrittenFor(keep func(*Action) bool) (out string, ok bool) {
	edits, ok := pl.editsFor(keep)
	if !ok {
		return pl.SQL, false
	}
	if len(edits) == 0 {
		return pl.SQL, true
	}
	return apply(pl.SQL, edits), true
}

// EditsFor returns the edits that carry out only the actions keep accepts,
// in the order they apply. Kept actions that share a clause get one
// condition holding their predicates; edits shared by several actions are
// made once. ok is false when the kept edits overlap.
func (pl *Plan) EditsFor(keep func(*Action) bool) (edits []Edit, ok bool) {
	ranked, ok := pl.editsFor(keep)
	for _, e := range ranked {
		edits = append(edits, e.Edit)
	}
	return edits, ok
}

func (pl *Plan) editsFor(keep func(*Action) bool) ([]rankedEdit, bool) {
	type key struct {
		Edit
		rank int
	}
	var edits []rankedEdit
	seen := map[key]bool{}
	add := func(e rankedEdit) {
		k := key{e.Edit, e.rank}
		if seen[k] {
			return
		}
		seen[k] = true
		e.seq = len(edits)
		edits = append(edits, e)
	}
	var clauses []*Clause
	preds := map[*Clause][]string{}
	for _, a := range pl.Actions {
		if !keep(a) {
			continue
		}
		if a.clause != nil {
			if _, ok := preds[a.clause]; !ok {
				clauses = append(clauses, a.clause)
			}
			preds[a.clause] = append(preds[a.clause], a.Predicate)
			continue
		}
		for _, e := range a.ranked {
			add(e)
		}
	}
	for _, c := range clauses {
		for _, e := range c.edits(preds[c]) {
			add(e)
		}
	}
	sortEdits(edits)
	return edits, !overlapping(edits)
}
