package mysql

import (
	"strings"

	"github.com/pingcap/tidb/pkg/parser/ast"

	"github.com/tombstone-sql/tombstone/rewrite"
)

// This file describes what a statement leaves behind it: the variables it
// assigns, the tables it makes from its query, and the schema changes
// that can take a governed table out of the policy's reach.

// AuditSession returns the user variables tombstone's audit triggers read
// the actor and reason from.
func (Dialect) AuditSession() (settings, tables []string) {
	return []string{"tombstone_actor", "tombstone_reason", "tombstone_action"}, nil
}

// QuickWords returns @' and @" for variables named by a string with a
// backslash escape (@'tombstone_act\or'), which the quick reject would not
// find spelled whole.
func (Dialect) QuickWords() map[string]func(string, int) bool {
	return map[string]func(string, int) bool{"@'": escapedName, `@"`: escapedName}
}

// escapedName reports whether the quoted variable name at text[at] holds a
// backslash.
func escapedName(text string, at int) bool {
	q := text[at+1]
	for i := at + 2; i < len(text) && text[i] != q; i++ {
		if text[i] == '\\' {
			return true
		}
	}
	return false
}

// variable returns the user variable token i names, as the server reads
// it (case-insensitive, so lower case); "" for a system variable.
func (w *walker) variable(i int) string {
	s := w.lx.src[w.lx.t[i].start:w.lx.t[i].end]
	if strings.HasPrefix(s, "@@") || len(s) < 2 {
		return ""
	}
	s = s[1:]
	switch s[0] {
	case '`':
		s = strings.ReplaceAll(s[1:len(s)-1], "``", "`")
	case '\'', '"':
		s = unescape(s[1:len(s)-1], s[0])
	}
	return strings.ToLower(s)
}

// unescape reads a string literal's text as the server does under the
// default sql_mode.
func unescape(s string, q byte) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '\\' && i+1 < len(s):
			i++
			switch e := s[i]; e {
			case '0':
				b.WriteByte(0)
			case 'b':
				b.WriteByte('\b')
			case 'n':
				b.WriteByte('\n')
			case 'r':
				b.WriteByte('\r')
			case 't':
				b.WriteByte('\t')
			case 'Z':
				b.WriteByte(26)
			case '%', '_':
				b.WriteByte('\\')
				b.WriteByte(e)
			default:
				b.WriteByte(e)
			}
		case c == q && i+1 < len(s) && s[i+1] == q:
			b.WriteByte(q)
			i++
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// session records the variables the statement assigns and the tables it
// makes of its query: @v := … anywhere, SET @v = …, SELECT … INTO @v,
// LOAD DATA … (@v), LAST_INSERT_ID(expr), and every variable a SET names;
// CREATE TABLE … SELECT and SELECT … INTO OUTFILE.
func (w *walker) session() {
	t := w.lx.t
	set := w.kw(w.lo, "SET")
	load := w.kw(w.lo, "LOAD")
	for i := w.lo; i < w.hi; i++ {
		switch {
		case t[i].kind == variable:
			head := w.op(i-1, ",") || w.kw(i-1, "SET") || w.kw(i-1, "FOR")
			if w.op(i+1, ":=") || set && head && w.op(i+1, "=") || w.into(i) || load {
				name := w.variable(i)
				if name == "" {
					name = strings.TrimLeft(w.lx.src[t[i].start:t[i].end], "@")
				}
				w.stmt.Session = append(w.stmt.Session, &rewrite.SessionWrite{Name: name, What: w.lx.src[t[i].start:t[i].end] + " assignment", Pos: t[i].start})
			}
		case set && t[i].depth == 0 && t[i].kind == word && (w.kw(i-1, "SET") || w.op(i-1, ",")):
			// A system variable, or a setting: SET SESSION sql_mode = …
			w.stmt.Session = append(w.stmt.Session, &rewrite.SessionWrite{Name: strings.ToLower(t[i].up), What: "SET", Pos: t[i].start})
		case w.kw(i, "LAST_INSERT_ID") && w.op(i+1, "(") && !w.op(i+2, ")"):
			w.stmt.Session = append(w.stmt.Session, &rewrite.SessionWrite{Name: "last_insert_id", What: "LAST_INSERT_ID(expr)", Pos: t[i].start})
		case w.kw(i, "INTO") && w.kwAny(i+1, "OUTFILE", "DUMPFILE"):
			w.stmt.Copies = "SELECT … INTO " + t[i+1].up
		}
	}
	if w.kw(w.lo, "CREATE") && w.kw(w.created(w.lo), "TABLE") {
		for i := w.lo; i < w.hi; i++ {
			if w.kwAny(i, "SELECT", "TABLE", "VALUES") && i != w.created(w.lo) {
				w.stmt.Copies = "CREATE TABLE … SELECT"
				break
			}
		}
	}
}

// into reports whether variable token i is in the list of SELECT … INTO.
func (w *walker) into(i int) bool {
	j := i - 1
	for w.op(j, ",") && j-1 >= w.lo && w.lx.t[j-1].kind == variable {
		j -= 2
	}
	return w.kw(j, "INTO")
}

// schemaChanges describes the DDL that drops or renames tables, databases
// or columns; refs maps the statement's table names to their references.
func (w *walker) schemaChanges(stmt ast.StmtNode, refs map[*ast.TableName]*rewrite.Ref) {
	add := func(what string, tn *ast.TableName, cols ...string) {
		if r := refs[tn]; r != nil {
			w.stmt.Changes = append(w.stmt.Changes, &rewrite.SchemaChange{What: what, Table: r, Columns: cols, Pos: r.Pos})
		}
	}
	switch x := stmt.(type) {
	case *ast.DropTableStmt:
		if !x.IsView {
			for _, tn := range x.Tables {
				add("DROP TABLE", tn)
			}
		}
	case *ast.RenameTableStmt:
		for _, tt := range x.TableToTables {
			add("RENAME TABLE", tt.OldTable)
		}
	case *ast.DropDatabaseStmt:
		w.stmt.Changes = append(w.stmt.Changes, &rewrite.SchemaChange{What: "DROP DATABASE", Schema: x.Name.O, Pos: w.stmt.Span.Start})
	case *ast.AlterTableStmt:
		for _, spec := range x.Specs {
			switch spec.Tp {
			case ast.AlterTableRenameTable:
				add("ALTER TABLE … RENAME TO", x.Table)
			case ast.AlterTableRenameColumn:
				add("ALTER TABLE … RENAME COLUMN", x.Table, spec.OldColumnName.Name.O)
			case ast.AlterTableDropColumn:
				add("ALTER TABLE … DROP COLUMN", x.Table, spec.OldColumnName.Name.O)
			case ast.AlterTableChangeColumn:
				add("ALTER TABLE … CHANGE COLUMN", x.Table, spec.OldColumnName.Name.O)
			case ast.AlterTableModifyColumn:
				if len(spec.NewColumns) > 0 {
					add("ALTER TABLE … MODIFY COLUMN", x.Table, spec.NewColumns[0].Name.Name.O)
				}
			}
		}
	}
}
