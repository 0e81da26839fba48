package postgres

import (
	"fmt"

	pg "github.com/pganalyze/pg_query_go/v5"
	"google.golang.org/protobuf/reflect/protoreflect"

	"github.com/tombstone-sql/tombstone/rewrite"
)

// walker turns one statement's parse tree into the rewrite model.
type walker struct {
	ts   *tokens
	stmt *rewrite.Statement
	end  int // index of the first token after the statement
	// loose is the use of a table reference met outside a place the walker
	// knows: Unknown in DML (refused when governed), Schema in DDL.
	loose  rewrite.Use
	err    error
	errPos int
}

// scope is the chain of common table expression names visible to a query.
type scope struct {
	names  []string
	parent *scope
}

// isCTE reports whether rv names a visible CTE rather than a table.
func (s *scope) isCTE(rv *pg.RangeVar) bool {
	if rv.Schemaname != "" || rv.Catalogname != "" {
		return false
	}
	for ; s != nil; s = s.parent {
		for _, n := range s.names {
			if n == rv.Relname {
				return true
			}
		}
	}
	return false
}

func (w *walker) fail(pos int, format string, args ...any) {
	if w.err == nil {
		w.err = fmt.Errorf("tombstone cannot follow this statement: "+format, args...)
		w.errPos = pos
	}
}

func (w *walker) tok(loc int32) (int, bool) {
	i, err := w.ts.at(loc)
	if err != nil {
		w.fail(int(loc), "%v", err)
		return 0, false
	}
	return i, true
}

// statement describes one statement node, top-level or nested.
func (w *walker) statement(n *pg.Node, sc *scope) {
	if n == nil || n.Node == nil || w.err != nil {
		return
	}
	switch x := n.Node.(type) {
	case *pg.Node_SelectStmt:
		w.selectStmt(x.SelectStmt, sc)
	case *pg.Node_InsertStmt:
		w.insert(x.InsertStmt, sc)
	case *pg.Node_UpdateStmt:
		w.update(x.UpdateStmt, sc)
	case *pg.Node_DeleteStmt:
		w.delete(x.DeleteStmt, sc)
	case *pg.Node_MergeStmt:
		w.merge(x.MergeStmt, sc)
	case *pg.Node_TruncateStmt:
		if x.TruncateStmt.Behavior == pg.DropBehavior_DROP_CASCADE {
			w.stmt.Cascades = "TRUNCATE … CASCADE"
		}
		for _, r := range x.TruncateStmt.Relations {
			if rv := r.GetRangeVar(); rv != nil {
				w.ref(rv, rewrite.Truncate)
			}
		}
	case *pg.Node_CopyStmt:
		w.copy(x.CopyStmt, sc)
	case *pg.Node_ExplainStmt, *pg.Node_PrepareStmt, *pg.Node_DeclareCursorStmt:
		w.node(n, sc)
	case *pg.Node_CreateTableAsStmt:
		w.keeps(x.CreateTableAsStmt)
		if into := x.CreateTableAsStmt.Into; into != nil && into.Rel != nil {
			w.ref(into.Rel, rewrite.Schema)
		}
		w.statement(x.CreateTableAsStmt.Query, sc)
	case *pg.Node_ViewStmt:
		w.keeps(x.ViewStmt)
		w.ref(x.ViewStmt.View, rewrite.Schema)
		w.statement(x.ViewStmt.Query, sc)
	case *pg.Node_DoStmt:
		w.stmt.Opaque = "DO block"
	default:
		w.utility(n, sc)
	}
}

// keeps marks the statement when node m keeps queries for later callers,
// wherever m sits in it (CREATE SCHEMA … CREATE VIEW, EXPLAIN ANALYZE
// CREATE MATERIALIZED VIEW), and keeps a function's string body as
// deferred text.
func (w *walker) keeps(m any) {
	switch x := m.(type) {
	case *pg.ViewStmt:
		w.store("CREATE VIEW")
	case *pg.CreateTableAsStmt:
		if x.Objtype == pg.ObjectType_OBJECT_MATVIEW {
			w.store("CREATE MATERIALIZED VIEW")
		}
	case *pg.PrepareStmt:
		w.store("PREPARE")
	case *pg.DeclareCursorStmt:
		if x.Options&cursorHold != 0 {
			w.store("DECLARE … WITH HOLD")
		}
	case *pg.RuleStmt:
		w.store("CREATE RULE")
	case *pg.CreatePolicyStmt:
		w.store("CREATE POLICY")
	case *pg.AlterPolicyStmt:
		w.store("ALTER POLICY")
	case *pg.CreateTrigStmt:
		w.store("CREATE TRIGGER")
	case *pg.CreateFunctionStmt:
		w.store("CREATE FUNCTION")
		for _, o := range x.Options {
			if de := o.GetDefElem(); de != nil && de.Defname == "as" {
				for _, item := range de.Arg.GetList().GetItems() {
					w.stmt.Deferred += item.GetString_().GetSval() + "\n"
				}
			}
		}
	}
}

// runsSQL names the built-in functions that run SQL text or read whole
// tables by name (query_to_xml, schema_to_xml, ts_stat …) and the common
// extensions' (dblink, tablefunc's crosstab, xml2's xpath_table,
// pageinspect's get_raw_page): the rows they read never pass through the
// rewrite.
var runsSQL = map[string]bool{
	"query_to_xml": true, "query_to_xml_and_xmlschema": true,
	"table_to_xml": true, "table_to_xml_and_xmlschema": true,
	"schema_to_xml": true, "schema_to_xml_and_xmlschema": true,
	"database_to_xml": true, "database_to_xml_and_xmlschema": true,
	"ts_stat": true, "ts_rewrite": true,
	// Extensions: dblink, tablefunc, xml2, pageinspect.
	"dblink": true, "dblink_exec": true, "dblink_open": true, "dblink_send_query": true,
	"crosstab": true, "crosstab2": true, "crosstab3": true, "crosstab4": true, "connectby": true,
	"xpath_table": true, "get_raw_page": true,
}

// returned describes the column references of a RETURNING list, outside
// its subqueries; a reference that is a whole item, unaliased, is Bare.
func (w *walker) returned(list []*pg.Node) []rewrite.Returned {
	var out []rewrite.Returned
	for _, n := range list {
		rt := n.GetResTarget()
		if rt == nil || rt.Val == nil {
			continue
		}
		whole := rt.Val.GetColumnRef()
		var visit func(m protoreflect.Message)
		visit = func(m protoreflect.Message) {
			if !m.IsValid() {
				return
			}
			switch x := m.Interface().(type) {
			case *pg.SubLink, *pg.SelectStmt:
				return // a subquery's columns are its own tables'
			case *pg.ColumnRef:
				if r, ok := w.returnedRef(x); ok {
					r.Bare = x == whole && rt.Name == ""
					out = append(out, r)
				}
				return
			}
			children(m, func(c protoreflect.Message) bool { visit(c); return true })
		}
		visit(rt.Val.ProtoReflect())
	}
	return out
}

// returnedRef describes one column reference of a RETURNING list, its span
// covering the parentheses around it and any UESCAPE clauses in it.
func (w *walker) returnedRef(cr *pg.ColumnRef) (rewrite.Returned, bool) {
	q, c, ok := columnRef(cr)
	if !ok {
		return rewrite.Returned{}, false
	}
	ts := w.ts
	first, err := ts.at(cr.Location)
	if err != nil {
		return rewrite.Returned{}, false
	}
	j := first
	for f := range cr.Fields {
		j++ // the name
		if ts.kind(j) == pg.Token_UESCAPE {
			j += 2
		}
		if f < len(cr.Fields)-1 {
			if ts.kind(j) != pg.Token_ASCII_46 {
				return rewrite.Returned{}, false
			}
			j++
		}
	}
	last := j - 1
	if last >= len(ts.t) {
		return rewrite.Returned{}, false
	}
	for first > 0 && last+1 < len(ts.t) && ts.kind(first-1) == pg.Token_ASCII_40 && ts.kind(last+1) == pg.Token_ASCII_41 {
		first, last = first-1, last+1
	}
	return rewrite.Returned{Qualifier: q, Column: c, Span: rewrite.Span{Start: ts.t[first].start, End: ts.t[last].end}}, true
}

// cursorHold is PostgreSQL's CURSOR_OPT_HOLD: DECLARE … WITH HOLD.
const cursorHold = 0x0020

// store marks the statement as keeping its queries for later callers.
func (w *walker) store(what string) {
	if w.stmt.Stored == "" {
		w.stmt.Stored = what
	}
}

// utility walks a DDL or utility statement: it reads no rows itself, but
// the queries nested in it (rule actions, BEGIN ATOMIC bodies) are walked.
func (w *walker) utility(n *pg.Node, sc *scope) {
	saved := w.loose
	w.loose = rewrite.Schema
	w.node(n, sc)
	w.loose = saved
}

// node walks any subtree, describing the statements nested in it and
// classifying the table references met on the way as w.loose.
func (w *walker) node(n *pg.Node, sc *scope) {
	if n == nil || w.err != nil {
		return
	}
	w.msg(n.ProtoReflect(), sc)
}

func (w *walker) nodes(sc *scope, ns ...*pg.Node) {
	for _, n := range ns {
		w.node(n, sc)
	}
}

func (w *walker) msg(m protoreflect.Message, sc *scope) {
	if w.err != nil || !m.IsValid() {
		return
	}
	w.keeps(m.Interface())
	switch x := m.Interface().(type) {
	case *pg.ColumnRef, *pg.A_Const, *pg.ParamRef, *pg.String, *pg.Integer, *pg.A_Star:
		return
	case *pg.SelectStmt:
		w.selectStmt(x, sc)
		return
	case *pg.InsertStmt:
		w.insert(x, sc)
		return
	case *pg.UpdateStmt:
		w.update(x, sc)
		return
	case *pg.DeleteStmt:
		w.delete(x, sc)
		return
	case *pg.MergeStmt:
		w.merge(x, sc)
		return
	case *pg.RangeVar:
		w.ref(x, w.loose)
		return
	case *pg.MultiAssignRef:
		// SET (a, b) = (SELECT …) gives each column the same source:
		// walk it once.
		if x.Colno == 1 {
			w.node(x.Source, sc)
		}
		return
	case *pg.FuncCall:
		if n := len(x.Funcname); n > 0 && runsSQL[x.Funcname[n-1].GetString_().GetSval()] {
			w.stmt.Opaque = x.Funcname[n-1].GetString_().GetSval() + "(…)"
		}
	}
	// The loop of children, inline: this runs for every node of every
	// statement, and a second closure would cost an allocation per node.
	m.Range(func(fd protoreflect.FieldDescriptor, v protoreflect.Value) bool {
		if fd.Message() == nil || fd.IsMap() {
			return true
		}
		if fd.IsList() {
			l := v.List()
			for i := 0; i < l.Len(); i++ {
				w.msg(l.Get(i).Message(), sc)
			}
		} else {
			w.msg(v.Message(), sc)
		}
		return w.err == nil
	})
}

// children calls f on each message-valued field of m, list elements in
// order, until f returns false.
func children(m protoreflect.Message, f func(protoreflect.Message) bool) {
	m.Range(func(fd protoreflect.FieldDescriptor, v protoreflect.Value) bool {
		if fd.Message() == nil || fd.IsMap() {
			return true
		}
		if !fd.IsList() {
			return f(v.Message())
		}
		l := v.List()
		for i := 0; i < l.Len(); i++ {
			if !f(l.Get(i).Message()) {
				return false
			}
		}
		return true
	})
}

// with walks a WITH clause and returns the scope its query sees: in a
// plain WITH each CTE sees the ones before it; in WITH RECURSIVE every CTE
// sees them all.
func (w *walker) with(wc *pg.WithClause, sc *scope) *scope {
	if wc == nil {
		return sc
	}
	var ctes []*pg.CommonTableExpr
	for _, n := range wc.Ctes {
		if c := n.GetCommonTableExpr(); c != nil {
			ctes = append(ctes, c)
		}
	}
	if wc.Recursive {
		in := &scope{parent: sc}
		for _, c := range ctes {
			in.names = append(in.names, c.Ctename)
		}
		for _, c := range ctes {
			w.statement(c.Ctequery, in)
		}
		return in
	}
	cur := sc
	for _, c := range ctes {
		w.statement(c.Ctequery, cur)
		cur = &scope{names: []string{c.Ctename}, parent: cur}
	}
	return cur
}

// dml runs f with references outside known places counted as Unknown.
func (w *walker) dml(f func()) {
	saved := w.loose
	w.loose = rewrite.Unknown
	f()
	w.loose = saved
}

func (w *walker) selectStmt(sel *pg.SelectStmt, sc *scope) {
	if sel == nil || w.err != nil {
		return
	}
	w.dml(func() {
		sc := w.with(sel.WithClause, sc)
		if sel.Op != pg.SetOperation_SETOP_NONE {
			w.selectStmt(sel.Larg, sc)
			w.selectStmt(sel.Rarg, sc)
		} else if len(sel.FromClause) > 0 {
			w.leaf(sel, sc)
		}
		w.nodes(sc, sel.TargetList...)
		w.node(sel.WhereClause, sc)
		w.nodes(sc, sel.GroupClause...)
		w.node(sel.HavingClause, sc)
		w.nodes(sc, sel.WindowClause...)
		w.nodes(sc, sel.ValuesLists...)
		w.nodes(sc, sel.SortClause...)
		w.node(sel.LimitOffset, sc)
		w.node(sel.LimitCount, sc)
		w.nodes(sc, sel.DistinctClause...)
		if sel.IntoClause != nil && sel.IntoClause.Rel != nil {
			w.ref(sel.IntoClause.Rel, rewrite.Schema)
		}
		// FOR UPDATE OF names FROM items, not tables: nothing to walk.
	})
}

// leaf describes a simple SELECT with a FROM clause.
func (w *walker) leaf(sel *pg.SelectStmt, sc *scope) {
	ts := w.ts
	if rt := sel.TargetList; len(rt) > 0 && rt[0].GetResTarget() != nil && rt[0].GetResTarget().Location < 0 {
		// TABLE name: there is no clause to add a condition to.
		for _, f := range sel.FromClause {
			if rv := f.GetRangeVar(); rv != nil && !sc.isCTE(rv) {
				w.ref(rv, rewrite.Unknown)
			}
		}
		return
	}
	b := &rewrite.Block{}
	for _, f := range sel.FromClause {
		b.From = append(b.From, w.fromItem(f, sc))
	}
	from, ok := w.fromKeyword(sel)
	if !ok {
		return
	}
	b.Where = w.whereAfter(from, sel.WhereClause, ts.clauseEnd)
	w.stmt.Blocks = append(w.stmt.Blocks, b)
}

// fromKeyword finds a simple SELECT's FROM: the first FROM after the SELECT
// keyword at its depth that is not part of IS [NOT] DISTINCT FROM.
func (w *walker) fromKeyword(sel *pg.SelectStmt) (int, bool) {
	ts := w.ts
	var s int
	if rt := sel.TargetList; len(rt) > 0 {
		i, ok := w.tok(rt[0].GetResTarget().GetLocation())
		if !ok {
			return 0, false
		}
		s = -1
		for j := i - 1; j >= 0 && s < 0; j-- {
			switch ts.t[j].kind {
			case pg.Token_ASCII_41: // ) of DISTINCT ON (…)
				if ts.t[j].match < 0 {
					w.fail(ts.t[j].start, "unbalanced parenthesis")
					return 0, false
				}
				j = ts.t[j].match
			case pg.Token_DISTINCT, pg.Token_ALL, pg.Token_ON:
			case pg.Token_SELECT:
				s = j
			default:
				w.fail(ts.t[i].start, "no SELECT before the select list")
				return 0, false
			}
		}
		if s < 0 {
			w.fail(ts.t[i].start, "no SELECT before the select list")
			return 0, false
		}
	} else {
		// SELECT FROM t: walk back from the first FROM item.
		i, ok := w.tok(minLocation(sel.FromClause[0].ProtoReflect()))
		if !ok {
			return 0, false
		}
		for i > 0 && !ts.is(i, pg.Token_FROM) {
			i--
		}
		return i, ts.is(i, pg.Token_FROM)
	}
	from := ts.scanFrom(s, w.end, func(i int) bool {
		return ts.is(i, pg.Token_FROM) && !ts.is(i-1, pg.Token_DISTINCT)
	})
	if !ts.is(from, pg.Token_FROM) {
		w.fail(ts.t[s].start, "no FROM after SELECT")
		return 0, false
	}
	return from, true
}

// whereAfter describes the WHERE that follows the list starting at token
// list (a FROM, USING or UPDATE target); end says which tokens end it.
func (w *walker) whereAfter(list int, where *pg.Node, end func(int) bool) *rewrite.Clause {
	ts := w.ts
	stop := ts.scanFrom(list, w.end, func(i int) bool { return ts.is(i, pg.Token_WHERE) || end(i) })
	c := &rewrite.Clause{Keyword: "WHERE"}
	if where == nil {
		c.At = ts.t[stop-1].end
		return c
	}
	if !ts.is(stop, pg.Token_WHERE) {
		w.fail(ts.t[list].start, "cannot find the WHERE")
		return c
	}
	wend := ts.scanFrom(stop, w.end, func(i int) bool { return !ts.is(i, pg.Token_WHERE) && end(i) })
	if wend <= stop+1 {
		w.fail(ts.t[stop].start, "empty WHERE")
		return c
	}
	c.Cond = rewrite.Span{Start: ts.t[stop+1].start, End: ts.t[wend-1].end}
	c.Tests, c.OnlyTests = tests(where)
	c.Frozen = where.GetCurrentOfExpr() != nil
	return c
}

// fromItem describes one FROM item and walks what is inside it.
func (w *walker) fromItem(n *pg.Node, sc *scope) *rewrite.FromItem {
	switch x := n.Node.(type) {
	case *pg.Node_RangeVar:
		if sc.isCTE(x.RangeVar) {
			return &rewrite.FromItem{}
		}
		return &rewrite.FromItem{Ref: w.ref(x.RangeVar, rewrite.Read)}
	case *pg.Node_JoinExpr:
		j := x.JoinExpr
		join := &rewrite.Join{Aliased: j.Alias != nil}
		switch j.Jointype {
		case pg.JoinType_JOIN_INNER:
			join.Type = rewrite.InnerJoin
		case pg.JoinType_JOIN_LEFT:
			join.Type = rewrite.LeftJoin
		case pg.JoinType_JOIN_RIGHT:
			join.Type = rewrite.RightJoin
		case pg.JoinType_JOIN_FULL:
			join.Type = rewrite.FullJoin
		default:
			w.fail(-1, "unexpected join type %v", j.Jointype)
			return &rewrite.FromItem{}
		}
		join.Left = w.fromItem(j.Larg, sc)
		join.Right = w.fromItem(j.Rarg, sc)
		if j.Quals != nil {
			if !j.IsNatural && len(j.UsingClause) == 0 {
				join.On = w.onClause(j.Quals)
			}
			w.node(j.Quals, sc)
		}
		return &rewrite.FromItem{Join: join}
	case *pg.Node_RangeTableSample:
		rts := x.RangeTableSample
		item := w.fromItem(rts.Relation, sc)
		if item.Ref != nil {
			item.Ref.Wrap = false
		}
		w.nodes(sc, rts.Args...)
		w.node(rts.Repeatable, sc)
		return item
	}
	// Subqueries, functions, XMLTABLE: their insides are blocks of their own.
	w.node(n, sc)
	return &rewrite.FromItem{}
}

// onClause describes the condition of a join (or of MERGE) from its ON to
// the token that ends it.
func (w *walker) onClause(quals *pg.Node) *rewrite.Clause {
	ts := w.ts
	i, ok := w.tok(minLocation(quals.ProtoReflect()))
	if !ok {
		return nil
	}
	on := -1
	for j := i - 1; j >= 0; j-- {
		if ts.t[j].depth <= ts.t[i].depth && ts.is(j, pg.Token_ON) {
			on = j
			break
		}
	}
	if on < 0 {
		w.fail(ts.t[i].start, "cannot find the ON of a join")
		return nil
	}
	end := ts.scanFrom(on, w.end, func(i int) bool { return ts.joinStart(i) || ts.clauseEnd(i) })
	if end <= on+1 {
		w.fail(ts.t[on].start, "empty join condition")
		return nil
	}
	c := &rewrite.Clause{Cond: rewrite.Span{Start: ts.t[on+1].start, End: ts.t[end-1].end}}
	c.Tests, c.OnlyTests = tests(quals)
	return c
}

// last returns the index of the last token of a reference's name span
// (past ONLY (t), t * and UESCAPE), where the clauses after it begin.
func (w *walker) last(r *rewrite.Ref) (int, bool) {
	i := firstAt(w.ts, r.NameSpan.End) - 1
	if i < 0 || i >= len(w.ts.t) || w.ts.t[i].end != r.NameSpan.End {
		w.fail(r.Pos, "cannot find the end of the table name")
		return 0, false
	}
	return i, true
}

// ref describes one table reference.
func (w *walker) ref(rv *pg.RangeVar, use rewrite.Use) *rewrite.Ref {
	ts := w.ts
	i, ok := w.tok(rv.Location)
	if !ok {
		return &rewrite.Ref{Name: rv.Relname, Use: rewrite.Unknown}
	}
	j := i
	for ts.kind(j+1) == pg.Token_ASCII_46 && j+2 < len(ts.t) {
		j += 2
	}
	r := &rewrite.Ref{
		Schema:    rv.Schemaname,
		Name:      rv.Relname,
		Pos:       ts.t[i].start,
		Use:       use,
		Qualifier: ts.text(i, j),
		Wrap:      true,
	}
	unicode := false
	for k := i; k <= j; k++ {
		unicode = unicode || ts.kind(k) == pg.Token_UIDENT
	}
	if ts.kind(j+1) == pg.Token_UESCAPE && ts.kind(j+2) == pg.Token_SCONST {
		j += 2 // U&"…" UESCAPE '!' is one name
	}
	if unicode {
		// Qualify with the name as the parser decoded it.
		r.Qualifier = Dialect{}.Quote(rv.Relname)
		if rv.Schemaname != "" {
			r.Qualifier = Dialect{}.Quote(rv.Schemaname) + "." + r.Qualifier
		}
	}
	span := rewrite.Span{Start: ts.t[i].start, End: ts.t[j].end}
	switch {
	case ts.kind(j+1) == pg.Token_ASCII_42: // t *
		span.End = ts.t[j+1].end
	case ts.kind(i-1) == pg.Token_ONLY:
		span.Start = ts.t[i-1].start
	case ts.kind(i-1) == pg.Token_ASCII_40 && ts.kind(i-2) == pg.Token_ONLY && ts.t[i-1].match == j+1:
		span = rewrite.Span{Start: ts.t[i-2].start, End: ts.t[j+1].end}
	}
	r.NameSpan = span
	if rv.Alias != nil {
		r.Alias = rv.Alias.Aliasname
		r.Qualifier = Dialect{}.Quote(r.Alias)
		r.MustWrap = len(rv.Alias.Colnames) > 0 // c(a, b) renames columns
	}
	w.stmt.Refs = append(w.stmt.Refs, r)
	return r
}

func (w *walker) insert(ins *pg.InsertStmt, sc *scope) {
	w.dml(func() {
		sc := w.with(ins.WithClause, sc)
		target := w.ref(ins.Relation, rewrite.Insert)
		w.statement(ins.SelectStmt, sc)
		if oc := ins.OnConflictClause; oc != nil {
			if inf := oc.Infer; inf != nil {
				cf := &rewrite.Conflict{Target: target, Constraint: inf.Conname}
				if inf.Conname == "" {
					cf.Clause = w.inferClause(inf)
				}
				if oc.Action == pg.OnConflictAction_ONCONFLICT_UPDATE {
					cf.Update = w.doUpdateWhere(oc)
				}
				w.stmt.Conflicts = append(w.stmt.Conflicts, cf)
				w.nodes(sc, inf.IndexElems...)
				w.node(inf.WhereClause, sc)
			} else if oc.Action == pg.OnConflictAction_ONCONFLICT_UPDATE {
				// SQLite's last ON CONFLICT may omit the target; its DO
				// UPDATE still must not touch a tombstone.
				w.stmt.Conflicts = append(w.stmt.Conflicts, &rewrite.Conflict{Target: target, Update: w.doUpdateWhere(oc)})
			}
			w.nodes(sc, oc.TargetList...)
			w.node(oc.WhereClause, sc)
		}
		w.nodes(sc, ins.ReturningList...)
	})
}

// inferClause describes the index predicate of ON CONFLICT (cols) [WHERE].
func (w *walker) inferClause(inf *pg.InferClause) *rewrite.Clause {
	ts := w.ts
	i, ok := w.tok(inf.Location)
	if !ok || ts.t[i].match < 0 {
		w.fail(int(inf.Location), "cannot find the ON CONFLICT target")
		return nil
	}
	p := ts.t[i].match
	c := &rewrite.Clause{Keyword: "WHERE", Unqualified: true}
	if inf.WhereClause == nil {
		c.At = ts.t[p].end
		return c
	}
	if !ts.is(p+1, pg.Token_WHERE) {
		w.fail(ts.t[p].start, "cannot find the ON CONFLICT WHERE")
		return nil
	}
	end := ts.scanFrom(p+1, w.end, func(i int) bool { return ts.is(i, pg.Token_DO) })
	c.Cond = rewrite.Span{Start: ts.t[p+2].start, End: ts.t[end-1].end}
	c.Tests, c.OnlyTests = tests(inf.WhereClause)
	return c
}

// doUpdateWhere describes the WHERE of ON CONFLICT … DO UPDATE SET …,
// which ends at RETURNING or the statement's end.
func (w *walker) doUpdateWhere(oc *pg.OnConflictClause) *rewrite.Clause {
	ts := w.ts
	on, ok := w.tok(oc.Location)
	if !ok {
		return nil
	}
	do := ts.scanFrom(on, w.end, func(i int) bool { return ts.is(i, pg.Token_DO) })
	if !ts.is(do, pg.Token_DO) {
		w.fail(ts.t[on].start, "cannot find DO of ON CONFLICT")
		return nil
	}
	return w.whereAfter(do, oc.WhereClause, w.dmlEnd)
}

// dmlEnd ends the WHERE of UPDATE and DELETE.
func (w *walker) dmlEnd(i int) bool {
	return w.ts.is(i, pg.Token_RETURNING) || w.ts.kind(i) == pg.Token_ASCII_59
}

func (w *walker) update(u *pg.UpdateStmt, sc *scope) {
	w.dml(func() {
		sc := w.with(u.WithClause, sc)
		target := w.ref(u.Relation, rewrite.Update)
		i, ok := w.last(target)
		if !ok {
			return
		}
		b := &rewrite.Block{Target: target}
		for _, f := range u.FromClause {
			b.From = append(b.From, w.fromItem(f, sc))
		}
		b.Where = w.whereAfter(i, u.WhereClause, w.dmlEnd)
		b.TargetClause = b.Where
		w.stmt.Blocks = append(w.stmt.Blocks, b)
		for _, n := range u.TargetList {
			if rt := n.GetResTarget(); rt != nil {
				target.Assigns = append(target.Assigns, rt.Name)
			}
		}
		w.nodes(sc, u.TargetList...)
		w.node(u.WhereClause, sc)
		w.nodes(sc, u.ReturningList...)
	})
}

func (w *walker) delete(d *pg.DeleteStmt, sc *scope) {
	w.dml(func() {
		ts := w.ts
		sc := w.with(d.WithClause, sc)
		target := w.ref(d.Relation, rewrite.Delete)
		i, ok := w.tok(d.Relation.Location)
		if !ok {
			return
		}
		k := i - 1
		for ts.kind(k) == pg.Token_ONLY || ts.kind(k) == pg.Token_ASCII_40 {
			k--
		}
		if !ts.is(k, pg.Token_FROM) || ts.kind(k-1) != pg.Token_DELETE_P { // PREPARE p AS DELETE
			w.fail(ts.t[i].start, "cannot find DELETE FROM")
			return
		}
		del := &rewrite.Deletion{Pos: ts.t[k-1].start, Targets: []*rewrite.Ref{target}}
		fromEnd := ts.t[k].end
		for fromEnd < len(ts.src) && (ts.src[fromEnd] == ' ' || ts.src[fromEnd] == '\t') {
			fromEnd++
		}
		del.ToUpdate = []rewrite.Edit{
			{Start: ts.t[k-1].start, End: ts.t[k-1].end, Text: "UPDATE"},
			{Start: ts.t[k].start, End: fromEnd, Text: ""},
		}
		last, ok := w.last(target) // past ONLY (t) and t *
		if !ok {
			return
		}
		next := ts.scanFrom(last, w.end, func(j int) bool {
			return ts.is(j, pg.Token_USING) || ts.is(j, pg.Token_WHERE) || w.dmlEnd(j)
		})
		del.SetAt = ts.t[next-1].end
		del.Returned = w.returned(d.ReturningList)
		b := &rewrite.Block{Target: target}
		if len(d.UsingClause) > 0 {
			if !ts.is(next, pg.Token_USING) {
				w.fail(ts.t[i].start, "cannot find USING")
				return
			}
			del.ToUpdate = append(del.ToUpdate, rewrite.Edit{Start: ts.t[next].start, End: ts.t[next].end, Text: "FROM"})
			for _, f := range d.UsingClause {
				b.From = append(b.From, w.fromItem(f, sc))
			}
		}
		b.Where = w.whereAfter(last, d.WhereClause, w.dmlEnd)
		b.TargetClause = b.Where
		w.stmt.Blocks = append(w.stmt.Blocks, b)
		w.stmt.Deletes = append(w.stmt.Deletes, del)
		w.node(d.WhereClause, sc)
		w.nodes(sc, d.ReturningList...)
	})
}

func (w *walker) merge(m *pg.MergeStmt, sc *scope) {
	w.dml(func() {
		ts := w.ts
		sc := w.with(m.WithClause, sc)
		target := w.ref(m.Relation, rewrite.Update)
		src := w.fromItem(m.SourceRelation, sc)
		on := w.onClause(m.JoinCondition)
		if on == nil {
			return
		}
		w.stmt.Blocks = append(w.stmt.Blocks, &rewrite.Block{Target: target, TargetClause: on, From: []*rewrite.FromItem{src}})
		w.node(m.JoinCondition, sc)
		// WHEN … THEN DELETE: find each WHEN at the MERGE's depth in order.
		i := firstAt(ts, on.Cond.End)
		depth := -1
		if i < len(ts.t) {
			depth = ts.t[i].depth
		}
		for _, n := range m.MergeWhenClauses {
			wc := n.GetMergeWhenClause()
			if wc == nil {
				continue
			}
			for i < w.end && !(ts.t[i].depth == depth && ts.is(i, pg.Token_WHEN)) {
				i++
			}
			if i >= w.end {
				w.fail(on.Cond.End, "cannot find a WHEN clause")
				return
			}
			then := ts.scanFrom(i, w.end, func(j int) bool { return ts.is(j, pg.Token_THEN) })
			if then+1 >= w.end {
				w.fail(on.Cond.End, "cannot find THEN of a WHEN clause")
				return
			}
			if wc.CommandType == pg.CmdType_CMD_DELETE {
				d := then + 1
				if !ts.is(d, pg.Token_DELETE_P) {
					w.fail(ts.t[d].start, "cannot find the DELETE of a WHEN clause")
					return
				}
				w.stmt.Deletes = append(w.stmt.Deletes, &rewrite.Deletion{
					Pos:      ts.t[d].start,
					Targets:  []*rewrite.Ref{target},
					ToUpdate: []rewrite.Edit{{Start: ts.t[d].start, End: ts.t[d].end, Text: "UPDATE"}},
					SetAt:    ts.t[d].end,
					Merge:    true,
				})
			}
			if wc.CommandType == pg.CmdType_CMD_UPDATE {
				for _, n := range wc.TargetList {
					if rt := n.GetResTarget(); rt != nil {
						target.Assigns = append(target.Assigns, rt.Name)
					}
				}
			}
			w.node(wc.Condition, sc)
			w.nodes(sc, wc.TargetList...)
			w.nodes(sc, wc.Values...)
			i = then + 1
		}
	})
}

func (w *walker) copy(c *pg.CopyStmt, sc *scope) {
	ts := w.ts
	if c.Relation != nil {
		if c.IsFrom {
			w.ref(c.Relation, rewrite.Insert)
		} else {
			r := w.ref(c.Relation, rewrite.CopyTo)
			src := &rewrite.CopySource{Span: r.NameSpan}
			if len(c.Attlist) > 0 {
				i := firstAt(ts, r.NameSpan.End)
				if ts.kind(i) != pg.Token_ASCII_40 || ts.t[i].match < 0 {
					w.fail(r.Pos, "cannot find COPY's column list")
					return
				}
				p := ts.t[i].match
				src.Columns = ts.src[ts.t[i].end:ts.t[p].start]
				src.Span.End = ts.t[p].end
			}
			r.Copy = src
		}
	}
	w.dml(func() {
		w.statement(c.Query, sc)
		w.node(c.WhereClause, sc)
	})
}

// firstAt returns the index of the first token starting at or after pos.
func firstAt(ts *tokens, pos int) int {
	for i := range ts.t {
		if ts.t[i].start >= pos {
			return i
		}
	}
	return len(ts.t)
}

// minLocation returns the smallest location in a subtree: where the
// subtree's first located token starts.
func minLocation(m protoreflect.Message) int32 {
	best := int32(-1)
	var visit func(m protoreflect.Message)
	visit = func(m protoreflect.Message) {
		m.Range(func(fd protoreflect.FieldDescriptor, v protoreflect.Value) bool {
			switch {
			case fd.Name() == "location" && fd.Kind() == protoreflect.Int32Kind:
				if l := int32(v.Int()); l >= 0 && (best < 0 || l < best) {
					best = l
				}
			case fd.Message() == nil || fd.IsMap():
			case fd.IsList():
				l := v.List()
				for i := 0; i < l.Len(); i++ {
					visit(l.Get(i).Message())
				}
			default:
				visit(v.Message())
			}
			return true
		})
	}
	visit(m)
	return best
}
