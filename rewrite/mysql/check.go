package mysql

import (
	"sort"

	"github.com/pingcap/tidb/pkg/parser/ast"

	"github.com/tombstone-sql/tombstone/rewrite"
)

// facts is what the parser's tree says about a statement, for the
// cross-check with the walker's reading of the tokens.
type facts struct {
	sources []string
	selects int
	joins   joinCount
	// loose are table names outside FROM lists and DML targets: DDL
	// names, TABLE t, and anything the walker does not describe.
	loose []*ast.TableName
	// tables are the names of TABLE t queries.
	tables []*ast.TableName
	seen   map[*ast.TableName]bool
	// upserts are the INSERT … ON DUPLICATE KEY UPDATE targets and the
	// columns they assign.
	upserts []upsert
}

type upsert struct {
	schema, name string
	cols         []string
}

func (f *facts) Enter(n ast.Node) (ast.Node, bool) {
	switch x := n.(type) {
	case *ast.TableSource:
		if tn, ok := x.Source.(*ast.TableName); ok && !f.seen[tn] {
			f.seen[tn] = true
			f.sources = append(f.sources, source(tn.Schema.O, tn.Name.O, x.AsName.O))
		}
	case *ast.SelectStmt:
		switch x.Kind {
		case ast.SelectStmtKindSelect:
			f.selects++
		case ast.SelectStmtKindTable:
			if x.From != nil {
				f.tableQuery(x.From.TableRefs)
			}
		}
		if x.LockInfo != nil {
			for _, tn := range x.LockInfo.Tables {
				f.seen[tn] = true
			}
		}
	case *ast.Join:
		if x.Right != nil {
			if x.Tp == ast.LeftJoin || x.Tp == ast.RightJoin {
				f.joins.outer++
			}
			if x.On != nil {
				f.joins.on++
			}
			if len(x.Using) > 0 {
				f.joins.using++
			}
			if x.NaturalJoin {
				f.joins.natural++
			}
		}
	case *ast.InsertStmt:
		if len(x.OnDuplicate) > 0 && x.Table != nil {
			if ts, ok := x.Table.TableRefs.Left.(*ast.TableSource); ok {
				if tn, ok := ts.Source.(*ast.TableName); ok {
					u := upsert{schema: tn.Schema.O, name: tn.Name.O}
					for _, a := range x.OnDuplicate {
						u.cols = append(u.cols, a.Column.Name.O)
					}
					f.upserts = append(f.upserts, u)
				}
			}
		}
	case *ast.DeleteTableList:
		// The targets of a multiple-table DELETE name FROM items.
		return n, true
	case *ast.TableName:
		if !f.seen[x] {
			f.seen[x] = true
			f.loose = append(f.loose, x)
		}
	}
	return n, false
}

func (f *facts) Leave(n ast.Node) (ast.Node, bool) { return n, true }

// tableQuery records the table of TABLE t.
func (f *facts) tableQuery(n ast.ResultSetNode) {
	switch x := n.(type) {
	case *ast.Join:
		f.tableQuery(x.Left)
	case *ast.TableSource:
		f.tableQuery(x.Source)
	case *ast.TableName:
		f.seen[x] = true
		f.tables = append(f.tables, x)
	}
}

// gather collects the facts of one parsed statement.
func gather(f *facts, n ast.Node) {
	if f.seen == nil {
		f.seen = map[*ast.TableName]bool{}
	}
	n.Accept(f)
}

// looseUse is the use of a table name outside the places the walker
// describes: Unknown in DML (refused when governed), what the statement
// does otherwise.
func looseUse(n ast.StmtNode) rewrite.Use {
	switch x := n.(type) {
	case *ast.SelectStmt, *ast.SetOprStmt, *ast.InsertStmt, *ast.UpdateStmt, *ast.DeleteStmt:
		return rewrite.Unknown
	case *ast.ExplainStmt:
		return looseUse(x.Stmt)
	case *ast.TruncateTableStmt:
		return rewrite.Truncate
	case *ast.AlterTableStmt:
		// A partition's rows go without DELETE: dropped, truncated, or
		// swapped with another table's.
		for _, spec := range x.Specs {
			switch spec.Tp {
			case ast.AlterTableDropPartition, ast.AlterTableTruncatePartition, ast.AlterTableExchangePartition,
				ast.AlterTableDropFirstPartition, ast.AlterTableDiscardPartitionTablespace, ast.AlterTableDiscardTablespace:
				return rewrite.Truncate
			}
		}
	case *ast.LoadDataStmt:
		if x.OnDuplicate == ast.OnDuplicateKeyHandlingReplace {
			return rewrite.Replace
		}
		return rewrite.Insert
	}
	return rewrite.Schema
}

// crossCheck compares the walker's reading of the tokens with the parser's
// tree; a difference means tombstone may have misread the statement, which
// is refused. It then adds the references only the tree shows.
func (w *walker) crossCheck(f *facts, stmt ast.StmtNode) {
	a := append([]string(nil), w.sources...)
	b := append([]string(nil), f.sources...)
	sort.Strings(a)
	sort.Strings(b)
	switch {
	case !equal(a, b):
		w.fail(w.lo, "it reads the tables %v where the parser reads %v", a, b)
	case w.selects != f.selects:
		w.fail(w.lo, "it reads %d SELECT blocks where the parser reads %d", w.selects, f.selects)
	case w.joinStats != f.joins:
		w.fail(w.lo, "it reads the joins differently from the parser")
	}
	if w.err != nil {
		return
	}
	used := map[int]bool{}
	refs := map[*ast.TableName]*rewrite.Ref{}
	add := func(tn *ast.TableName, use rewrite.Use) {
		r := &rewrite.Ref{Schema: tn.Schema.O, Name: tn.Name.O, Pos: w.find1(tn.Name.O, used), Use: use}
		refs[tn] = r
		w.stmt.Refs = append(w.stmt.Refs, r)
	}
	for _, tn := range f.tables {
		add(tn, rewrite.Unknown)
	}
	use := looseUse(stmt)
	for _, tn := range f.loose {
		add(tn, use)
	}
	w.schemaChanges(stmt, refs)
	for _, u := range f.upserts {
		for _, r := range w.stmt.Refs {
			if r.Use == rewrite.Insert && r.Name == u.name && r.Schema == u.schema {
				w.stmt.Conflicts = append(w.stmt.Conflicts, &rewrite.Conflict{Target: r, Sets: u.cols})
				break
			}
		}
	}
}

// find1 returns the position of the first unused token naming name.
func (w *walker) find1(name string, used map[int]bool) int {
	for i := w.lo; i < w.hi; i++ {
		k := w.lx.t[i].kind
		if (k == word || k == quoted) && !used[i] && w.lx.name(i) == name {
			used[i] = true
			return w.lx.t[i].start
		}
	}
	return w.stmt.Span.Start
}

func equal(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
