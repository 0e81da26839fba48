package rewrite

import (
	"strings"

	"github.com/tombstone-sql/tombstone/policy"
)

// This file holds the decisions about what a statement leaves behind:
// session state (the audit actor's, and what a widened scope reads) and
// schema changes to the tables the policy relies on.

// auditState refuses, in every scope, a statement that writes the session
// state the audit triggers read (the actor, reason and action) or the audit table:
// tombstone writes them from the context, and text that writes them forges
// the audit trail. A setting whose name is computed at run time may be
// one of them (fail closed).
func (d *decider) auditState(st *Statement) {
	for _, sw := range st.Session {
		name := strings.ToLower(sw.Name)
		switch {
		case name == "*" && len(d.rw.settings) > 0:
			d.refuse(ErrRefused, nil, sw.Pos, "statement refused: %s resets every session setting, the ones tombstone's audit triggers read to name who acts among them; reset settings by name", sw.What)
			return
		case name == "":
			d.refuse(ErrRefused, nil, sw.Pos, "statement refused: it assigns a session setting whose name it computes (%s), which may be the one tombstone's audit triggers read to name the actor; name the setting in the statement's text", sw.What)
			return
		case d.rw.triggerSettings[name]:
			d.refuse(ErrRefused, nil, sw.Pos, "statement refused: it assigns %s (%s), which can switch off the triggers that write the audit trail and refuse restoring an erased row; leave it at the server's default on connections through tombstone", sw.Name, sw.What)
			return
		case d.rw.settings[name]:
			d.refuse(ErrRefused, nil, sw.Pos, "statement refused: it assigns %s (%s), which tombstone's audit triggers read to name who acts; tombstone sets it from the context (tombstone.WithActor)", sw.Name, sw.What)
			return
		}
	}
	for _, r := range st.Refs {
		if r.Use == Read || r.Use == CopyTo {
			continue
		}
		rel := strings.ToLower(r.Name)
		switch {
		case d.rw.tables[rel]:
			d.refuse(ErrRefused, nil, r.Pos, "statement refused: it writes or alters %s, which tombstone's audit triggers read to name who acts; tombstone sets it from the context (tombstone.WithActor)", r.Name)
			return
		case d.isAudit(r) && r.Use != Schema:
			d.refuse(ErrRefused, nil, r.Pos, "statement refused: it writes the audit table %s, whose rows only tombstone's audit triggers write", r.Name)
			return
		}
	}
}

// isAudit reports whether r names the policy's audit table.
func (d *decider) isAudit(r *Ref) bool {
	a := d.rw.policy.Audit
	if a == nil || r.table != nil {
		return false
	}
	schema, rel := splitQualified(a.Table)
	return strings.EqualFold(r.Name, rel) && (schema == "" || r.Schema == "" || strings.EqualFold(r.Schema, schema))
}

// carries refuses, in a scope that shows tombstones, a statement that
// keeps what it reads of them beyond itself: in session state (a variable,
// a setting, a temporary table) a later caller of the pooled connection
// reads without the scope, and in a table (CREATE TABLE … AS, INSERT …
// SELECT, an UPDATE of another table) every later reader does. Writing
// back into the one table read in the scope (a restore) is allowed.
func (d *decider) carries(st *Statement) {
	var shown *Ref
	read := map[*policy.Table]bool{}    // widened tables read
	written := map[*policy.Table]bool{} // UPDATE targets
	for _, r := range st.Refs {
		t := r.table
		if r.Use == Update && t != nil {
			written[t] = true
		}
		if t == nil || t.Rule != policy.Soft || (r.Use != Read && r.Use != Update) {
			continue
		}
		if d.scope.visibility(t) != Live {
			if shown == nil {
				shown = r
			}
			if r.Use == Read {
				read[t] = true
			}
		}
	}
	if shown == nil {
		return
	}
	t := shown.table
	where := ""
	switch {
	case len(st.Session) > 0:
		where = "in the session (" + st.Session[0].What + "), where the next caller of the pooled connection reads it without the scope"
	case st.Copies != "":
		where = "in a table or file (" + st.Copies + "), where later callers read it without the scope"
	default:
		// An UPDATE may write back into the tables it reads in the scope
		// (a restore, also of several tables joined); every other target
		// would receive what it reads.
		for _, r := range st.Refs {
			switch r.Use {
			case Insert, Replace:
				where = "in " + r.Name + " (INSERT … SELECT), where later callers read it without the scope"
			case Update:
				if r.table == nil || r.table.Rule != policy.Soft || d.scope.visibility(r.table) == Live {
					where = "in " + r.Name + " (an UPDATE of another table), where later callers read it without the scope"
				}
			}
			if where != "" {
				break
			}
		}
		if where == "" && len(written) > 0 {
			for rt := range read {
				if !written[rt] {
					where = "in the other tables it updates, where later callers read it without the scope"
					t = rt
					break
				}
			}
		}
	}
	if where == "" {
		return
	}
	d.refuse(ErrRefused, t, shown.Pos, "statement refused: this scope shows tombstones of %s, and the statement would keep what it reads of them %s; read them in this scope and write in the default scope", t.Name, where)
}

// schemaChanges refuses DDL that drops or renames a governed table, the
// schema or database that may hold one, or a governed table's marker, key
// or age column, unless the scope allows schema changes; allowed, each is
// reported as a ChangeSchema action for the audit trail.
func (d *decider) schemaChanges(st *Statement) {
	for _, ch := range st.Changes {
		var hits []*policy.Table
		audit := false
		switch {
		case ch.Table != nil:
			r := ch.Table
			if r.table == nil {
				audit = d.isAudit(r)
				break
			}
			if len(ch.Columns) == 0 || d.relied(r.table, ch.Columns) != "" {
				hits = append(hits, r.table)
			}
		case ch.Unbounded:
			hits = d.rw.policy.Tables
			audit = d.rw.policy.Audit != nil
		default:
			for _, t := range d.rw.policy.Tables {
				// An unqualified policy table lives wherever the search
				// path finds it: any schema may hold it.
				if t.Schema == "" || strings.EqualFold(t.Schema, ch.Schema) {
					hits = append(hits, t)
				}
			}
			if a := d.rw.policy.Audit; a != nil {
				s, _ := splitQualified(a.Table)
				audit = s == "" || strings.EqualFold(s, ch.Schema)
			}
		}
		if len(hits) == 0 && !audit {
			continue
		}
		if d.scope.schemaChanges {
			if len(hits) == 0 || ch.Table == nil {
				d.act(&Action{Kind: ChangeSchema, Pos: ch.Pos})
			}
			if ch.Table != nil {
				for _, t := range hits {
					d.act(&Action{Kind: ChangeSchema, Table: t, Pos: ch.Pos})
				}
			}
			continue
		}
		const allow = "run it in the schema-changes scope (tombstone.AllowSchemaChanges), or with the migration tool's own connection"
		var t *policy.Table
		if len(hits) > 0 {
			t = hits[0]
		}
		switch {
		case ch.Table != nil && audit:
			d.refuse(ErrSchemaChange, nil, ch.Pos, "%s refused: %s is the audit table; %s", ch.What, ch.Table.Name, allow)
		case ch.Table != nil && len(ch.Columns) > 0:
			d.refuse(ErrSchemaChange, t, ch.Pos, "%s refused: %s is %s of %s table %s, which the policy relies on; %s", ch.What, d.relied(t, ch.Columns), d.role(t, d.relied(t, ch.Columns)), t.Rule, t.Name, allow)
		case ch.Table != nil:
			d.refuse(ErrSchemaChange, t, ch.Pos, "%s refused: %s is a %s table of the policy, and the change takes it, or its audit trail, out of the policy's reach; %s", ch.What, t.Name, t.Rule, allow)
		case ch.Unbounded:
			d.refuse(ErrSchemaChange, t, ch.Pos, "%s refused: it may drop tables or columns it does not name, governed ones among them; %s", ch.What, allow)
		default:
			d.refuse(ErrSchemaChange, t, ch.Pos, "%s refused: schema %s may hold governed tables (%s), and tombstone cannot see what it holds; %s", ch.What, ch.Schema, names(hits, audit, d.rw.policy), allow)
		}
		return
	}
}

// relied returns the first of cols that table t relies on: its marker,
// a key column or its age column; "" when none is.
func (d *decider) relied(t *policy.Table, cols []string) string {
	for _, c := range cols {
		if t.Rule == policy.Soft && d.sameColumn(c, t.Column) || t.AgeColumn != "" && d.sameColumn(c, t.AgeColumn) {
			return c
		}
		for _, k := range t.Key {
			if d.sameColumn(c, k) {
				return c
			}
		}
	}
	return ""
}

// role says what column col is to table t.
func (d *decider) role(t *policy.Table, col string) string {
	switch {
	case t.Rule == policy.Soft && d.sameColumn(col, t.Column):
		return "the tombstone column"
	case t.AgeColumn != "" && d.sameColumn(col, t.AgeColumn):
		return "the age column"
	}
	return "a key column"
}

func names(ts []*policy.Table, audit bool, p *policy.Policy) string {
	var out []string
	for i, t := range ts {
		if i == 3 {
			out = append(out, "…")
			break
		}
		out = append(out, t.Name)
	}
	if audit && len(ts) < 3 {
		out = append(out, p.Audit.Table)
	}
	return strings.Join(out, ", ")
}
