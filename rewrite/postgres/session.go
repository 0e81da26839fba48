package postgres

import (
	pg "github.com/pganalyze/pg_query_go/v5"

	"github.com/tombstone-sql/tombstone/rewrite"
)

// This file describes what a statement leaves behind it: the session
// settings it assigns, the tables it makes from its query, and the schema
// changes that can take a governed table out of the policy's reach.

// AuditSession returns the settings tombstone's audit triggers read the
// actor and reason from.
func (Dialect) AuditSession() (settings, tables []string) {
	return []string{"tombstone.actor", "tombstone.reason", "tombstone.action"}, nil
}

// TriggerSettings returns the setting that switches ordinary triggers
// off, tombstone's audit and restore triggers among them.
func (Dialect) TriggerSettings() []string { return []string{"session_replication_role"} }

// QuickWords returns the words of statements that may assign those
// settings without spelling their names whole (SET "tombstone"."actor",
// set_config with a computed name, RESET ALL, DISCARD ALL).
func (Dialect) QuickWords() map[string]func(string, int) bool {
	return map[string]func(string, int) bool{"tombstone": nil, "set_config": nil, "reset": nil, "discard": nil}
}

// session records a session write or a copy that node m makes.
func (w *walker) session(m any) {
	switch x := m.(type) {
	case *pg.VariableSetStmt:
		sw := &rewrite.SessionWrite{Name: x.Name, What: "SET", Pos: w.stmt.Span.Start}
		switch x.Kind {
		case pg.VariableSetKind_VAR_RESET_ALL:
			sw.Name, sw.What = "*", "RESET ALL"
		case pg.VariableSetKind_VAR_RESET:
			sw.What = "RESET"
		}
		w.stmt.Session = append(w.stmt.Session, sw)
	case *pg.DiscardStmt:
		if x.Target == pg.DiscardMode_DISCARD_ALL {
			w.stmt.Session = append(w.stmt.Session, &rewrite.SessionWrite{Name: "*", What: "DISCARD ALL", Pos: w.stmt.Span.Start})
		}
	case *pg.FuncCall:
		n := len(x.Funcname)
		if n == 0 || x.Funcname[n-1].GetString_().GetSval() != "set_config" {
			return
		}
		sw := &rewrite.SessionWrite{What: "set_config(…)", Pos: w.at(x.Location)}
		if len(x.Args) > 0 {
			if c := x.Args[0].GetAConst(); c != nil && c.GetSval() != nil {
				sw.Name = c.GetSval().GetSval()
			}
		}
		w.stmt.Session = append(w.stmt.Session, sw)
	case *pg.CreateTableAsStmt:
		if x.Objtype == pg.ObjectType_OBJECT_TABLE {
			w.stmt.Copies = "CREATE TABLE … AS"
			if x.Into != nil && x.Into.Rel != nil && x.Into.Rel.Relpersistence == "t" {
				w.stmt.Copies = "CREATE TEMP TABLE … AS"
			}
		}
	case *pg.SelectStmt:
		if x.IntoClause != nil {
			w.stmt.Copies = "SELECT … INTO"
		}
	}
}

// at is the byte offset of a location, or the statement's start.
func (w *walker) at(loc int32) int {
	if i, err := w.ts.at(loc); err == nil {
		return w.ts.t[i].start
	}
	return w.stmt.Span.Start
}

// unbounded lists the objects whose DROP … CASCADE may drop columns,
// tables or triggers it does not name: a column of a dropped type or
// collation goes with it, a schema's and an extension's tables, a foreign
// server's foreign tables, a function's triggers.
var unbounded = map[pg.ObjectType]bool{
	pg.ObjectType_OBJECT_TYPE: true, pg.ObjectType_OBJECT_DOMAIN: true, pg.ObjectType_OBJECT_COLLATION: true,
	pg.ObjectType_OBJECT_EXTENSION: true, pg.ObjectType_OBJECT_FOREIGN_SERVER: true, pg.ObjectType_OBJECT_FDW: true,
	pg.ObjectType_OBJECT_FUNCTION: true, pg.ObjectType_OBJECT_PROCEDURE: true, pg.ObjectType_OBJECT_ROUTINE: true,
}

// schemaChange describes the DDL of node m that drops or renames tables,
// schemas or columns, and reports whether it walked m entirely.
func (w *walker) schemaChange(m any, sc *scope) bool {
	pos := w.stmt.Span.Start
	add := func(what string, r *rewrite.Ref, cols ...string) {
		w.stmt.Changes = append(w.stmt.Changes, &rewrite.SchemaChange{What: what, Table: r, Columns: cols, Pos: pos})
	}
	switch x := m.(type) {
	case *pg.DropStmt:
		cascade := x.Behavior == pg.DropBehavior_DROP_CASCADE
		switch x.RemoveType {
		case pg.ObjectType_OBJECT_TABLE, pg.ObjectType_OBJECT_FOREIGN_TABLE:
			for _, o := range x.Objects {
				if r := w.named(o, 0, pos); r != nil {
					add("DROP TABLE", r)
				}
			}
		case pg.ObjectType_OBJECT_TRIGGER:
			// DROP TRIGGER name ON table: the list ends with the trigger.
			for _, o := range x.Objects {
				if r := w.named(o, 1, pos); r != nil {
					add("DROP TRIGGER", r)
				}
			}
		case pg.ObjectType_OBJECT_SCHEMA:
			for _, o := range x.Objects {
				w.stmt.Changes = append(w.stmt.Changes, &rewrite.SchemaChange{What: "DROP SCHEMA", Schema: o.GetString_().GetSval(), Pos: pos})
			}
		default:
			if cascade && unbounded[x.RemoveType] {
				w.stmt.Changes = append(w.stmt.Changes, &rewrite.SchemaChange{What: "DROP … CASCADE", Unbounded: true, Pos: pos})
			}
		}
		return true
	case *pg.DropOwnedStmt:
		w.stmt.Changes = append(w.stmt.Changes, &rewrite.SchemaChange{What: "DROP OWNED", Unbounded: true, Pos: pos})
		return true
	case *pg.RenameStmt:
		switch {
		case x.RenameType == pg.ObjectType_OBJECT_SCHEMA:
			w.stmt.Changes = append(w.stmt.Changes, &rewrite.SchemaChange{What: "ALTER SCHEMA … RENAME", Schema: x.Subname, Pos: pos})
		case x.Relation == nil:
		case x.RenameType == pg.ObjectType_OBJECT_TABLE || x.RenameType == pg.ObjectType_OBJECT_FOREIGN_TABLE:
			add("ALTER TABLE … RENAME TO", w.ref(x.Relation, rewrite.Schema))
		case x.RenameType == pg.ObjectType_OBJECT_COLUMN:
			add("ALTER TABLE … RENAME COLUMN", w.ref(x.Relation, rewrite.Schema), x.Subname)
		default:
			w.ref(x.Relation, rewrite.Schema)
		}
		return true
	case *pg.AlterObjectSchemaStmt:
		if x.Relation == nil {
			return false
		}
		r := w.ref(x.Relation, rewrite.Schema)
		if x.ObjectType == pg.ObjectType_OBJECT_TABLE || x.ObjectType == pg.ObjectType_OBJECT_FOREIGN_TABLE {
			add("ALTER TABLE … SET SCHEMA", r)
		}
		return true
	case *pg.AlterTableStmt:
		if x.Relation == nil {
			return false
		}
		r := w.ref(x.Relation, w.loose)
		for _, c := range x.Cmds {
			cmd := c.GetAlterTableCmd()
			if cmd == nil {
				continue
			}
			switch cmd.Subtype {
			case pg.AlterTableType_AT_DropColumn:
				add("ALTER TABLE … DROP COLUMN", r, cmd.Name)
			case pg.AlterTableType_AT_AlterColumnType:
				add("ALTER TABLE … ALTER COLUMN … TYPE", r, cmd.Name)
			case pg.AlterTableType_AT_DisableTrig, pg.AlterTableType_AT_DisableTrigAll, pg.AlterTableType_AT_DisableTrigUser:
				add("ALTER TABLE … DISABLE TRIGGER", r)
			}
			w.node(c, sc)
		}
		return true
	}
	return false
}

// named returns a reference for a DROP's qualified name (a List of
// Strings), dropping the last skip parts; nil when it is no name.
func (w *walker) named(o *pg.Node, skip, pos int) *rewrite.Ref {
	items := o.GetList().GetItems()
	if len(items) <= skip {
		return nil
	}
	items = items[:len(items)-skip]
	r := &rewrite.Ref{Name: items[len(items)-1].GetString_().GetSval(), Pos: pos, Use: rewrite.Schema}
	if len(items) >= 2 {
		r.Schema = items[len(items)-2].GetString_().GetSval()
	}
	r.Qualifier = Dialect{}.Quote(r.Name)
	w.stmt.Refs = append(w.stmt.Refs, r)
	return r
}
