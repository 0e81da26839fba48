package mysql

import (
	"fmt"
	"strings"

	"github.com/tombstone-sql/tombstone/rewrite"
)

// walker describes one statement from its tokens: the parser says the
// statement is valid MySQL; the tokens say where its clauses are.
type walker struct {
	lx     *lexed
	lo, hi int // the statement's tokens
	stmt   *rewrite.Statement
	err    error
	errPos int

	// What the cross-check compares with the parser's tree.
	sources   []string // every table factor that names a table or CTE
	selects   int      // SELECT blocks
	joinStats joinCount
	// label names a FROM item that is not a table reference.
	label map[*rewrite.FromItem]string
}

// joinCount counts joins by what the parser cannot reorder.
type joinCount struct{ outer, on, using, natural int }

// scope is the chain of common table expression names visible to a query.
type scope struct {
	names  []string
	parent *scope
}

// has reports whether an unqualified name is a visible CTE. Names compare
// exactly: a CTE mistaken for a table only gets a redundant predicate,
// while a table mistaken for a CTE would leak.
func (s *scope) has(name string) bool {
	for ; s != nil; s = s.parent {
		for _, n := range s.names {
			if n == name {
				return true
			}
		}
	}
	return false
}

func (w *walker) fail(i int, format string, args ...any) {
	if w.err != nil {
		return
	}
	w.err = fmt.Errorf("tombstone cannot follow this statement: "+format, args...)
	w.errPos = w.pos(i)
}

// pos is the byte offset of token i (the statement's end past the last).
func (w *walker) pos(i int) int {
	if i >= 0 && i < len(w.lx.t) {
		return w.lx.t[i].start
	}
	return w.stmt.Span.End
}

// kw reports whether token i is the bare word k used as a keyword: not a
// name after a dot.
func (w *walker) kw(i int, k string) bool {
	if i < w.lo || i >= w.hi {
		return false
	}
	t := w.lx.t[i]
	if t.kind != word || t.up != k {
		return false
	}
	return i == w.lo || !w.op(i-1, ".")
}

func (w *walker) kwAny(i int, ks ...string) bool {
	for _, k := range ks {
		if w.kw(i, k) {
			return true
		}
	}
	return false
}

func (w *walker) op(i int, o string) bool {
	return i >= w.lo && i < w.hi && w.lx.t[i].kind == op && w.lx.t[i].up == o
}

// isName reports whether token i can be a name: a backtick identifier or
// a word that is not a reserved keyword.
func (w *walker) isName(i int) bool {
	if i < w.lo || i >= w.hi {
		return false
	}
	switch t := w.lx.t[i]; t.kind {
	case quoted:
		return t.end-t.start > 2 // `` is no name
	case word:
		return !reserved[t.up] || w.op(i-1, ".")
	}
	return false
}

// find returns the first index in [from, end) at depth d where stop holds,
// skipping parenthesized groups; a token below depth d ends the search.
func (w *walker) find(from, end, d int, stop func(i int) bool) int {
	t := w.lx.t
	for i := from; i < end; i++ {
		if t[i].depth < d {
			return i
		}
		if t[i].depth == d && stop(i) {
			return i
		}
		if t[i].match > i {
			i = t[i].match
			if t[i].depth < d {
				return i
			}
		}
	}
	return end
}

// queryEnd returns where the query expression that holds token i ends: a
// closing parenthesis, a semicolon, ON DUPLICATE KEY or RETURNING.
func (w *walker) queryEnd(i, end int) int {
	d := w.lx.t[i].depth
	return w.find(i+1, end, d, func(j int) bool {
		return w.op(j, ";") || w.kw(j, "ON") && w.kw(j+1, "DUPLICATE") || w.kw(j, "RETURNING")
	})
}

// dispatch describes the statement starting at token i.
func (w *walker) dispatch(i int, sc *scope) {
	if w.isWith(i) {
		sc, i = w.with(i, w.hi, sc)
	}
	switch {
	case w.kw(i, "UPDATE"):
		w.update(i, sc)
	case w.kw(i, "DELETE"):
		w.delete(i, sc)
	case w.kwAny(i, "INSERT", "REPLACE"):
		w.insert(i, sc)
	case w.kwAny(i, "EXPLAIN", "DESCRIBE", "DESC"):
		j := w.find(i+1, w.hi, 0, func(j int) bool {
			return w.kwAny(j, "SELECT", "WITH", "INSERT", "REPLACE", "UPDATE", "DELETE", "TABLE", "VALUES") || w.op(j, "(")
		})
		if j < w.hi && !w.kw(j, "TABLE") {
			w.dispatch(j, sc)
		}
	case w.kwAny(i, "CREATE", "ALTER") && w.kwAny(w.created(i), "TRIGGER", "PROCEDURE", "FUNCTION", "EVENT"):
		w.stmt.Opaque = "a stored program (trigger, procedure, function or event)"
	case w.kwAny(i, "CREATE", "ALTER") && w.kw(w.created(i), "VIEW"):
		w.stmt.Stored = w.lx.t[i].up + " VIEW"
		w.region(i, w.hi, sc)
	case w.kwAny(i, "GRANT", "REVOKE"):
		// SELECT here names a privilege; the tables are in the tree.
	default:
		w.region(i, w.hi, sc)
	}
}

// dynamic describes PREPARE name FROM … and EXECUTE IMMEDIATE …, which
// run SQL text: a single string literal is kept as the statement's
// Deferred text, anything else (a variable, an expression) is Opaque. It
// reports whether the statement is one of them.
func (w *walker) dynamic() bool {
	i := w.lo
	var text int
	var what string
	switch {
	case w.kw(i, "PREPARE"):
		text, what = i+3, "PREPARE … FROM an expression"
	case w.kw(i, "EXECUTE") && w.kw(i+1, "IMMEDIATE"):
		text, what = i+2, "EXECUTE IMMEDIATE of an expression"
	default:
		return false
	}
	if text != w.hi-1 || w.lx.t[text].kind != str || w.kw(i, "PREPARE") && !w.kw(i+2, "FROM") {
		w.stmt.Opaque = what
		return true
	}
	t := w.lx.t[text]
	// Removing every backslash keeps each name the server would read
	// (\o reads o), so the quick reject still finds it.
	w.stmt.Deferred = strings.ReplaceAll(w.lx.src[t.start+1:t.end-1], `\`, "")
	return true
}

// created returns the token of the kind of object CREATE or ALTER at
// token i defines (TRIGGER, PROCEDURE, FUNCTION, EVENT, TABLE, VIEW …), or
// w.hi when there is none before the definition starts (AS, SELECT): the
// header may be long (ALGORITHM, DEFINER, SQL SECURITY).
func (w *walker) created(i int) int {
	d := w.lx.t[i].depth
	for j := i + 1; j < w.hi; j++ {
		if w.lx.t[j].depth != d {
			continue // DEFINER = CURRENT_USER()
		}
		if w.kwAny(j, "TRIGGER", "PROCEDURE", "FUNCTION", "EVENT", "TABLE", "VIEW", "INDEX", "DATABASE", "SCHEMA") {
			return j
		}
		if w.kwAny(j, "AS", "SELECT", "WITH") {
			break
		}
	}
	return w.hi
}

// region walks tokens [a, b) that are not a query block themselves
// (expressions, DDL), describing every query nested in them.
func (w *walker) region(a, b int, sc *scope) {
	for j := a; j < b && w.err == nil; {
		switch {
		case w.kw(j, "SELECT"):
			j = w.selectBlock(j, b, sc)
		case w.isWith(j):
			e := w.queryEnd(j, b)
			inner, k := w.with(j, e, sc)
			w.region(k, e, inner)
			j = e
		default:
			j++
		}
	}
}

// isWith reports whether token i starts a WITH clause:
// WITH [RECURSIVE] name [(columns)] AS (.
func (w *walker) isWith(i int) bool {
	if !w.kw(i, "WITH") {
		return false
	}
	j := i + 1
	if w.kw(j, "RECURSIVE") {
		return true
	}
	if !w.isName(j) {
		return false
	}
	j++
	if w.op(j, "(") && w.lx.t[j].match > j {
		j = w.lx.t[j].match + 1
	}
	return w.kw(j, "AS")
}

// with walks a WITH clause at token i and returns the scope its query
// sees and the index after the clause. Without RECURSIVE a CTE's body sees
// the CTEs before it (a reference to its own name is the table); with
// RECURSIVE it sees itself too. MariaDB also lets a recursive CTE see the
// ones after it: tombstone treats such a name as a table, which can only
// add a predicate, never drop one.
func (w *walker) with(i, end int, sc *scope) (*scope, int) {
	j := i + 1
	rec := w.kw(j, "RECURSIVE")
	if rec {
		j++
	}
	var names []string
	for w.err == nil {
		if !w.isName(j) {
			w.fail(j, "expected a CTE name")
			return sc, end
		}
		name := w.lx.name(j)
		j++
		if w.op(j, "(") {
			if w.lx.t[j].match < 0 {
				w.fail(j, "unbalanced parenthesis")
				return sc, end
			}
			j = w.lx.t[j].match + 1
		}
		if !w.kw(j, "AS") || !w.op(j+1, "(") || w.lx.t[j+1].match < 0 || w.lx.t[j+1].match >= end {
			w.fail(j, "expected AS ( after CTE %s", name)
			return sc, end
		}
		body := &scope{names: append([]string(nil), names...), parent: sc}
		if rec {
			body.names = append(body.names, name)
		}
		open := j + 1
		w.region(open+1, w.lx.t[open].match, body)
		names = append(names, name)
		j = w.lx.t[open].match + 1
		if !w.op(j, ",") {
			break
		}
		j++
	}
	return &scope{names: names, parent: sc}, j
}

// selectClause reports whether token i starts a clause that follows the
// FROM list or the WHERE of a SELECT.
func (w *walker) selectClause(i int) bool {
	return w.kwAny(i, "GROUP", "HAVING", "WINDOW", "ORDER", "LIMIT", "INTO", "LOCK", "PROCEDURE") ||
		w.kw(i, "FOR") && w.kwAny(i+1, "UPDATE", "SHARE") ||
		w.checkOption(i)
}

// checkOption reports whether token i starts a view's WITH [CASCADED |
// LOCAL] CHECK OPTION.
func (w *walker) checkOption(i int) bool {
	return w.kw(i, "WITH") && (w.kw(i+1, "CHECK") || w.kwAny(i+1, "CASCADED", "LOCAL") && w.kw(i+2, "CHECK"))
}

// selectBlock describes the SELECT at token k and returns where it ends.
func (w *walker) selectBlock(k, end int, sc *scope) int {
	d := w.lx.t[k].depth
	end = w.find(k+1, end, d, func(j int) bool {
		return w.op(j, ";") || w.kwAny(j, "UNION", "EXCEPT", "INTERSECT", "RETURNING") || w.kw(j, "ON") && w.kw(j+1, "DUPLICATE")
	})
	w.selects++
	from := w.find(k+1, end, d, func(j int) bool { return w.kw(j, "FROM") })
	w.region(k+1, from, sc)
	if from == end {
		return end
	}
	b := &rewrite.Block{}
	items, n := w.fromList(from+1, end, sc)
	if w.err != nil {
		return end
	}
	b.From = items
	if n < end && !w.kw(n, "WHERE") && !w.selectClause(n) {
		w.fail(n, "unexpected %q after the FROM list", w.lx.text(n, n))
		return end
	}
	b.Where, n = w.where(n, end, d, sc, w.selectClause)
	w.region(n, end, sc)
	w.stmt.Blocks = append(w.stmt.Blocks, b)
	return end
}

// where describes the WHERE at token n, or the place a new one goes when
// there is none; stop says which tokens end the condition.
func (w *walker) where(n, end, d int, sc *scope, stop func(i int) bool) (*rewrite.Clause, int) {
	c := &rewrite.Clause{Keyword: "WHERE"}
	if !w.kw(n, "WHERE") {
		c.At = w.lx.t[n-1].end
		return c, n
	}
	e := w.find(n+1, end, d, stop)
	if e == n+1 {
		w.fail(n, "empty WHERE")
		return c, e
	}
	c.Cond = rewrite.Span{Start: w.lx.t[n+1].start, End: w.lx.t[e-1].end}
	c.Tests, c.OnlyTests = w.tests(n+1, e)
	w.region(n+1, e, sc)
	return c, e
}

// fromList describes a list of table references starting at token i and
// returns the index after it.
func (w *walker) fromList(i, end int, sc *scope) ([]*rewrite.FromItem, int) {
	var items []*rewrite.FromItem
	for w.err == nil {
		item, j := w.tableRef(i, end, sc)
		items = append(items, item)
		if j < end && w.op(j, ",") {
			i = j + 1
			continue
		}
		return items, j
	}
	return items, end
}

func (w *walker) tableRef(i, end int, sc *scope) (*rewrite.FromItem, int) {
	left, j := w.factor(i, end, sc)
	return w.joins(left, j, end, sc)
}

// joins extends left with the joins that follow it. As in MySQL's
// grammar, a join without a condition takes the joins after its right
// table into its right side: a JOIN b JOIN c ON x is a JOIN (b JOIN c ON x).
func (w *walker) joins(left *rewrite.FromItem, j, end int, sc *scope) (*rewrite.FromItem, int) {
	for w.err == nil && j < end {
		typ, natural, k, ok := w.joinOp(j)
		if !ok {
			return left, j
		}
		right, k := w.factor(k, end, sc)
		if !natural {
			if _, _, _, more := w.joinOp(k); more {
				right, k = w.joins(right, k, end, sc)
				if !w.kwAny(k, "ON", "USING") && rightOnSpine(right) {
					// MySQL reads a JOIN b RIGHT JOIN c ON x as
					// a JOIN (b RIGHT JOIN c ON x), MariaDB as
					// (a JOIN b) RIGHT JOIN c ON x, where a is nullable.
					w.fail(j, "a RIGHT JOIN after a join without a condition nests differently on MySQL and MariaDB; add parentheses")
					return left, end
				}
			}
		}
		jn := &rewrite.Join{Type: typ, Left: left, Right: right}
		if typ != rewrite.InnerJoin {
			w.joinStats.outer++
		}
		switch {
		case natural:
			w.joinStats.natural++
		case w.kw(k, "ON"):
			d := w.lx.t[k].depth
			e := w.find(k+1, end, d, w.onEnd)
			if e == k+1 {
				w.fail(k, "empty join condition")
				return left, end
			}
			jn.On = &rewrite.Clause{Cond: rewrite.Span{Start: w.lx.t[k+1].start, End: w.lx.t[e-1].end}}
			jn.On.Tests, jn.On.OnlyTests = w.tests(k+1, e)
			w.joinStats.on++
			w.region(k+1, e, sc)
			k = e
		case w.kw(k, "USING"):
			if !w.op(k+1, "(") || w.lx.t[k+1].match < 0 {
				w.fail(k, "expected ( after USING")
				return left, end
			}
			w.joinStats.using++
			k = w.lx.t[k+1].match + 1
		case typ != rewrite.InnerJoin:
			w.fail(k, "outer join without a condition")
			return left, end
		}
		left = &rewrite.FromItem{Join: jn}
		j = k
	}
	return left, j
}

// rightOnSpine reports whether it is a RIGHT JOIN or one whose left side,
// followed down, is.
func rightOnSpine(it *rewrite.FromItem) bool {
	for ; it != nil && it.Join != nil; it = it.Join.Left {
		if it.Join.Type == rewrite.RightJoin {
			return true
		}
	}
	return false
}

// joinOp recognizes a join operator at token j: its type, whether it is
// NATURAL, and the index after it.
func (w *walker) joinOp(j int) (rewrite.JoinType, bool, int, bool) {
	natural := false
	k := j
	if w.kw(k, "NATURAL") {
		natural = true
		k++
	}
	typ := rewrite.InnerJoin
	switch {
	case w.kw(k, "STRAIGHT_JOIN") && !natural:
		return typ, false, k + 1, true
	case w.kwAny(k, "INNER", "CROSS"):
		k++
	case w.kwAny(k, "LEFT", "RIGHT") && (w.kw(k+1, "OUTER") || w.kw(k+1, "JOIN")):
		typ = rewrite.LeftJoin
		if w.kw(k, "RIGHT") {
			typ = rewrite.RightJoin
		}
		k++
		if w.kw(k, "OUTER") {
			k++
		}
	}
	if !w.kw(k, "JOIN") {
		return 0, false, j, false
	}
	return typ, natural, k + 1, true
}

// onEnd reports whether token i ends a join condition.
func (w *walker) onEnd(i int) bool {
	if _, _, _, ok := w.joinOp(i); ok {
		return true
	}
	return w.op(i, ",") || w.op(i, ";") || w.kwAny(i, "ON", "USING", "WHERE", "SET", "UNION", "EXCEPT", "INTERSECT", "RETURNING") || w.selectClause(i)
}

// factor describes one table factor at token i: a table, a derived table,
// or a parenthesized list of table references.
func (w *walker) factor(i, end int, sc *scope) (*rewrite.FromItem, int) {
	t := w.lx.t
	if w.err != nil || i >= end {
		w.fail(i, "expected a table")
		return &rewrite.FromItem{}, end
	}
	lateral := w.kw(i, "LATERAL") && w.op(i+1, "(")
	if lateral {
		i++
	}
	switch {
	case w.op(i, "("):
		m := t[i].match
		if m < 0 || m >= end {
			w.fail(i, "unbalanced parenthesis")
			return &rewrite.FromItem{}, end
		}
		if lateral || w.kw(m+1, "AS") || w.isName(m+1) && !w.joinStart(m+1) {
			// A derived table: (query) [AS] alias [(columns)].
			w.region(i+1, m, sc)
			item := &rewrite.FromItem{}
			w.label[item] = "derived"
			return item, w.alias(m+1, nil)
		}
		items, k := w.fromList(i+1, m, sc)
		if w.err == nil && k != m {
			w.fail(k, "unexpected %q in a parenthesized join", w.lx.text(k, k))
		}
		return cross(items), m + 1
	case w.kw(i, "DUAL"):
		item := &rewrite.FromItem{}
		w.label[item] = "dual"
		return item, i + 1
	case w.isName(i):
		first, last := i, i
		if w.op(i+1, ".") && w.isName(i+2) {
			last = i + 2
		}
		k := last + 1
		if first == last && sc.has(w.lx.name(i)) {
			item := &rewrite.FromItem{}
			w.label[item] = "cte"
			var a rewrite.Ref
			k = w.alias(k, &a)
			w.sources = append(w.sources, source("", w.lx.name(i), a.Alias))
			return item, k
		}
		r := &rewrite.Ref{
			Name:      w.lx.name(last),
			Qualifier: w.lx.text(first, last),
			Pos:       t[first].start,
			Use:       rewrite.Read,
			NameSpan:  rewrite.Span{Start: t[first].start, End: t[last].end},
			Wrap:      true,
		}
		if first != last {
			r.Schema = w.lx.name(first)
		}
		if w.kw(k, "PARTITION") && w.op(k+1, "(") && t[k+1].match > 0 {
			r.Wrap = false
			k = t[k+1].match + 1
		}
		k = w.alias(k, r)
		// Index hints: USE|FORCE|IGNORE INDEX|KEY [FOR …] (list).
		for w.kwAny(k, "USE", "FORCE", "IGNORE") && w.kwAny(k+1, "INDEX", "KEY") {
			r.Wrap = false
			k += 2
			if w.kw(k, "FOR") {
				k++
				for w.kwAny(k, "JOIN", "ORDER", "GROUP", "BY") {
					k++
				}
			}
			if !w.op(k, "(") || t[k].match < 0 {
				w.fail(k, "expected ( in an index hint")
				return &rewrite.FromItem{}, end
			}
			k = t[k].match + 1
		}
		w.stmt.Refs = append(w.stmt.Refs, r)
		w.sources = append(w.sources, source(r.Schema, r.Name, r.Alias))
		return &rewrite.FromItem{Ref: r}, k
	}
	w.fail(i, "unexpected %q where a table belongs", w.lx.text(i, i))
	return &rewrite.FromItem{}, end
}

// joinStart reports whether token i starts a join operator.
func (w *walker) joinStart(i int) bool {
	_, _, _, ok := w.joinOp(i)
	return ok || w.kwAny(i, "ON", "USING")
}

// alias reads [AS] alias [(columns)] at token k into r (nil for derived
// tables and CTEs) and returns the index after it.
func (w *walker) alias(k int, r *rewrite.Ref) int {
	as := w.kw(k, "AS")
	if as {
		k++
	}
	tk := k
	switch {
	case w.isName(k) && !w.joinStart(k) && !nonAlias[w.lx.t[k].up]:
	case as && k < w.hi && (w.lx.t[k].kind == str || w.lx.t[k].kind == word):
	default:
		if as {
			w.fail(k, "expected an alias after AS")
		}
		return k
	}
	if r != nil {
		r.Alias = w.lx.name(tk)
		r.Qualifier = w.lx.text(tk, tk)
		if w.lx.t[tk].kind != quoted && w.lx.t[tk].kind != word {
			r.Qualifier = Dialect{}.Quote(r.Alias)
		}
	}
	k++
	if r == nil && w.op(k, "(") && w.lx.t[k].match > k {
		k = w.lx.t[k].match + 1
	}
	return k
}

// nonAlias lists words that end a table factor although MySQL does not
// reserve them.
var nonAlias = map[string]bool{"RETURNING": true, "OFFSET": true, "FETCH": true, "PARTITION": true}

// cross joins items left to right, as a comma list does.
func cross(items []*rewrite.FromItem) *rewrite.FromItem {
	it := items[0]
	for _, r := range items[1:] {
		it = &rewrite.FromItem{Join: &rewrite.Join{Type: rewrite.InnerJoin, Left: it, Right: r}}
	}
	return it
}

func source(schema, name, alias string) string {
	return schema + "." + name + "/" + alias
}

// refs returns the table references in a FROM tree, left to right.
func refs(items []*rewrite.FromItem) []*rewrite.Ref {
	var out []*rewrite.Ref
	var visit func(it *rewrite.FromItem)
	visit = func(it *rewrite.FromItem) {
		switch {
		case it == nil:
		case it.Ref != nil:
			out = append(out, it.Ref)
		case it.Join != nil:
			visit(it.Join.Left)
			visit(it.Join.Right)
		}
	}
	for _, it := range items {
		visit(it)
	}
	return out
}
