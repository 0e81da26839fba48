package sqlite

import (
	"sort"

	"github.com/tombstone-sql/tombstone/rewrite"
)

// mapper moves a model of the translation onto the original text and adds
// what only SQLite has.
type mapper struct {
	src     string
	toks    []token
	tr      *translation
	clauses map[*rewrite.Clause]bool
	refs    map[*rewrite.Ref]bool
}

func (m *mapper) statement(st *rewrite.Statement) error {
	for _, r := range st.Refs {
		if err := m.ref(r); err != nil {
			return err
		}
	}
	for _, b := range st.Blocks {
		if b.Target != nil {
			if err := m.ref(b.Target); err != nil {
				return err
			}
		}
		m.clause(b.TargetClause)
		m.clause(b.Where)
		for _, it := range b.From {
			if err := m.item(it); err != nil {
				return err
			}
		}
		for _, it := range b.From[min(1, len(b.From)):] {
			if pos, ok := outerAfterComma(it); ok {
				return syntaxErr(pos, "tombstone cannot follow this statement: a RIGHT or FULL JOIN after a comma joins everything before the comma in SQLite but only the table before it in PostgreSQL's grammar; write CROSS JOIN instead of the comma")
			}
		}
	}
	for _, d := range st.Deletes {
		d.Pos = m.tr.start(d.Pos)
		d.SetAt = m.tr.end(d.SetAt, true)
		for i, e := range d.ToUpdate {
			d.ToUpdate[i] = m.edit(e)
		}
		for i, r := range d.Returned {
			d.Returned[i].Span = rewrite.Span{Start: m.tr.start(r.Span.Start), End: m.tr.end(r.Span.End, false)}
		}
		d.QualifySet = false
	}
	for _, c := range st.Conflicts {
		m.clause(c.Clause)
		m.clause(c.Update)
		if c.Target != nil {
			if err := m.ref(c.Target); err != nil {
				return err
			}
		}
	}
	for _, pos := range m.tr.replaced {
		for _, r := range st.Refs {
			if r.Pos == pos && (r.Use == rewrite.Insert || r.Use == rewrite.Update) {
				r.Use = rewrite.Replace
			}
		}
	}
	for _, pos := range m.tr.indexed {
		var best *rewrite.Ref
		for _, r := range st.Refs {
			if r.Pos < pos && (best == nil || r.Pos > best.Pos) {
				best = r
			}
		}
		if best != nil {
			best.Wrap = false
		}
	}
	return nil
}

func (m *mapper) item(it *rewrite.FromItem) error {
	if it == nil {
		return nil
	}
	if it.Ref != nil {
		return m.ref(it.Ref)
	}
	if j := it.Join; j != nil {
		m.clause(j.On)
		if err := m.item(j.Left); err != nil {
			return err
		}
		return m.item(j.Right)
	}
	return nil
}

// outerAfterComma reports whether a FROM item after a comma starts with a
// RIGHT or FULL JOIN, and where its first table is. SQLite's comma is a
// join like any other, so a, b RIGHT JOIN c is (a, b) RIGHT JOIN c, which
// makes a nullable too; the translation reads a, (b RIGHT JOIN c).
func outerAfterComma(it *rewrite.FromItem) (int, bool) {
	outer := false
	for it != nil && it.Join != nil {
		outer = outer || it.Join.Type == rewrite.RightJoin || it.Join.Type == rewrite.FullJoin
		it = it.Join.Left
	}
	if !outer {
		return 0, false
	}
	if it != nil && it.Ref != nil {
		return it.Ref.Pos, true
	}
	return 0, true
}

func (m *mapper) clause(c *rewrite.Clause) {
	if c == nil || m.clauses[c] {
		return
	}
	m.clauses[c] = true
	if !c.Cond.Empty() {
		c.Cond = rewrite.Span{Start: m.tr.start(c.Cond.Start), End: m.tr.end(c.Cond.End, false)}
		if c.Cond.Empty() {
			// The ON TRUE the translation added to a JOIN without a
			// constraint: a predicate goes in a new ON clause there.
			c.At, c.Keyword, c.Tests, c.Cond = c.Cond.Start, "ON", nil, rewrite.Span{}
			return
		}
	}
	c.At = m.tr.end(c.At, true)
}

// edit maps a keyword edit of DELETE → UPDATE; a deletion that ran over
// white space after its token does so in the original too.
func (m *mapper) edit(e rewrite.Edit) rewrite.Edit {
	out := rewrite.Edit{Start: m.tr.start(e.Start), End: m.tr.end(e.End, false), Text: e.Text}
	if e.Text == "" {
		for out.End < len(m.src) && (m.src[out.End] == ' ' || m.src[out.End] == '\t') {
			out.End++
		}
	}
	return out
}

// ref maps a table reference and sets its qualifier to the original text.
func (m *mapper) ref(r *rewrite.Ref) error {
	if m.refs[r] {
		return nil
	}
	m.refs[r] = true
	r.Pos = m.tr.start(r.Pos)
	r.NameSpan = rewrite.Span{Start: m.tr.start(r.NameSpan.Start), End: m.tr.end(r.NameSpan.End, false)}
	if r.Copy != nil {
		return syntaxErr(r.Pos, "tombstone cannot follow this statement: COPY is not SQLite")
	}
	// SQLite names a table as name or schema.name, nothing more (no
	// PostgreSQL ONLY or *).
	want := tkWord
	for _, t := range m.toks {
		if t.end <= r.NameSpan.Start || t.start >= r.NameSpan.End {
			continue
		}
		ok := t.kind == want || want == tkWord && t.kind == tkQuotedID
		if !ok || t.start < r.NameSpan.Start || t.end > r.NameSpan.End {
			return syntaxErr(t.start, "near %q: syntax error", m.src[t.start:t.end])
		}
		if want == tkWord {
			want = tkDot
		} else {
			want = tkWord
		}
	}
	if want != tkDot {
		return syntaxErr(r.Pos, "tombstone cannot follow this statement: the name of %s is not where expected", r.Name)
	}
	r.Qualifier = m.src[r.NameSpan.Start:r.NameSpan.End]
	if r.Alias == "" {
		return nil
	}
	// The alias is the token after the name, or after AS.
	i := sort.Search(len(m.toks), func(i int) bool { return m.toks[i].end >= r.NameSpan.End }) + 1
	if i < len(m.toks) && m.toks[i].kw == "AS" {
		i++
	}
	if i >= len(m.toks) {
		return syntaxErr(r.Pos, "tombstone cannot follow this statement: cannot find the alias of %s", r.Name)
	}
	t := m.toks[i]
	text := m.src[t.start:t.end]
	name := text
	if t.kind == tkQuotedID {
		name = dequote(text)
	}
	if lower(name) != r.Alias {
		return syntaxErr(t.start, "tombstone cannot follow this statement: the alias of %s is not where expected", r.Name)
	}
	r.Qualifier = text
	return nil
}
