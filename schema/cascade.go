package schema

import (
	"fmt"
	"strings"

	"github.com/tombstone-sql/tombstone/policy"
	"github.com/tombstone-sql/tombstone/rewrite"
)

// This file renders the DDL of cascades (a soft table's `cascade:`): each
// child table gets a column, tombstone_cascade, naming the parent whose
// tombstoning made the row a tombstone; triggers on the parent tombstone
// the live children of each row it tombstones (marking them) and, when the
// row is restored, restore the children marked by it that are still inside
// their own restore window; a trigger on the child clears the mark
// whenever the row becomes live another way, so a child restored and later
// deleted on its own is never taken for part of the parent's deletion.
// The triggers fire from the statement that changes the parent, in its
// transaction, whatever its shape, and each child row meets its own audit
// triggers.

// becomes renders the condition, on a soft table's row, that it goes from
// live (in from) to a tombstone (in to): "OLD.", "NEW." for a tombstoning,
// the other way round for a restore.
func (g *gen) becomes(t *policy.Table, from, to string) string {
	col := g.q(t.Column)
	return rewrite.Predicate(t.Marker, from+col, true) + " AND NOT (" + rewrite.Predicate(t.Marker, to+col, true) + ")"
}

// liveValue is the marker value of a live row.
func (g *gen) liveValue(m policy.Marker) string {
	switch m {
	case policy.Flag:
		if g.name == "sqlite" {
			return "0"
		}
		return "FALSE"
	case policy.Unix:
		return "0"
	}
	return "NULL"
}

// children returns the tables some cascade reaches, in policy order.
func (g *gen) children() []*policy.Table {
	seen := map[*policy.Table]bool{}
	for _, t := range g.p.Tables {
		for _, c := range t.Cascades {
			seen[c.Child] = true
		}
	}
	var out []*policy.Table
	for _, t := range g.p.Tables {
		if seen[t] {
			out = append(out, t)
		}
	}
	return out
}

// cascadeColumns adds tombstone_cascade to every child table.
func (g *gen) cascadeColumns() []Statement {
	var out []Statement
	for _, t := range g.children() {
		col := g.q(policy.CascadeColumn)
		var sql string
		switch g.name {
		case "postgres":
			sql = "ALTER TABLE " + g.table(t.Name) + " ADD COLUMN IF NOT EXISTS " + col + " text"
		case "mysql":
			sql = "ALTER TABLE " + g.table(t.Name) + " ADD COLUMN IF NOT EXISTS " + col + " VARCHAR(255) NULL INVISIBLE"
		default:
			sql = "ALTER TABLE " + g.table(t.Name) + " ADD COLUMN " + col + " TEXT"
		}
		out = append(out, Statement{
			Comment: t.Name + ": the parent table whose tombstoning made the row a tombstone (a cascade), NULL otherwise;\nits restore brings back exactly these rows.",
			SQL:     sql,
			Table:   t.Name, Column: policy.CascadeColumn,
		})
	}
	return out
}

// cascadeTriggers returns the triggers of t's cascades (t a parent) and the
// trigger that clears the mark on t (t a child).
func (g *gen) cascadeTriggers(t *policy.Table) []trigger {
	var out []trigger
	if len(t.Cascades) > 0 {
		out = append(out, g.parentTriggers(t)...)
	}
	for _, c := range g.children() {
		if c == t {
			out = append(out, g.clearTrigger(t)...)
		}
	}
	return out
}

// cascadeUpdates returns, for parent t, the statements that tombstone its
// row's children (del) and restore them (undel); the parent row is OLD.
func (g *gen) cascadeUpdates(t *policy.Table) (del, undel []string) {
	mark := g.q(policy.CascadeColumn)
	lit := "'" + strings.ReplaceAll(t.Name, "'", "''") + "'"
	for _, c := range t.Cascades {
		child := c.Child
		name := g.table(child.Name)
		if g.name == "sqlite" && child.Schema == "" {
			name = "main." + name
		}
		col := g.q(child.Column)
		var match []string
		for i, k := range t.Key {
			match = append(match, g.q(c.Columns[i])+" = OLD."+g.q(k))
		}
		where := strings.Join(match, " AND ")
		del = append(del, "UPDATE "+name+" SET "+col+" = "+g.d.Mark(child.Marker)+", "+mark+" = "+lit+
			" WHERE "+where+" AND "+rewrite.Predicate(child.Marker, col, true))
		cond := where + " AND " + mark + " = " + lit + " AND NOT (" + rewrite.Predicate(child.Marker, col, true) + ")"
		if w, err := rewrite.Restorable(g.d, child, col); err == nil && w != "" {
			cond += " AND " + w
		}
		undel = append(undel, "UPDATE "+name+" SET "+col+" = "+g.liveValue(child.Marker)+", "+mark+" = NULL WHERE "+cond)
	}
	return del, undel
}

func (g *gen) parentTriggers(t *policy.Table) []trigger {
	name := g.table(t.Name)
	del, undel := g.cascadeUpdates(t)
	var kids []string
	for _, c := range t.Cascades {
		kids = append(kids, c.Child.Name)
	}
	comment := fmt.Sprintf("%s: tombstoning a row tombstones its live rows of %s, marked in %s;\nrestoring it restores the rows it marked that are inside their own restore window.", t.Name, strings.Join(kids, ", "), policy.CascadeColumn)
	timing := "AFTER UPDATE OF " + g.q(t.Column) + " ON " + name
	switch g.name {
	case "postgres":
		fn := g.q("tombstone_cascade_" + strings.ReplaceAll(t.Name, ".", "_"))
		body := "CREATE OR REPLACE FUNCTION " + fn + "() RETURNS trigger LANGUAGE plpgsql AS $$\nBEGIN\n" +
			"  IF " + g.becomes(t, "OLD.", "NEW.") + " THEN\n    " + strings.Join(del, ";\n    ") + ";\n" +
			"  ELSIF " + g.becomes(t, "NEW.", "OLD.") + " THEN\n    " + strings.Join(undel, ";\n    ") + ";\n" +
			"  END IF;\n  RETURN NULL;\nEND\n$$"
		return []trigger{
			{Statement{Comment: comment, SQL: body}, ""},
			{Statement{SQL: "DROP TRIGGER IF EXISTS tombstone_cascade ON " + name}, "tombstone_cascade"},
			{Statement{SQL: "CREATE TRIGGER tombstone_cascade " + timing + " FOR EACH ROW EXECUTE FUNCTION " + fn + "()"}, "tombstone_cascade"},
		}
	case "mysql":
		trig := "tombstone_" + t.Relation + "_cascade"
		q := g.q(trig)
		if t.Schema != "" {
			q = g.q(t.Schema) + "." + q
		}
		return []trigger{
			{Statement{Comment: comment, SQL: "DROP TRIGGER IF EXISTS " + q}, trig},
			{Statement{SQL: "CREATE TRIGGER " + q + " AFTER UPDATE ON " + name + " FOR EACH ROW BEGIN IF " + g.becomes(t, "OLD.", "NEW.") + " THEN " +
				strings.Join(del, "; ") + "; ELSEIF " + g.becomes(t, "NEW.", "OLD.") + " THEN " + strings.Join(undel, "; ") + "; END IF; END"}, trig},
		}
	}
	on := name
	if t.Schema == "" {
		on = "main." + name
	}
	timing = "AFTER UPDATE OF " + g.q(t.Column) + " ON " + on
	base := "tombstone_" + strings.ReplaceAll(t.Name, ".", "_")
	return []trigger{
		{Statement{Comment: comment, SQL: "CREATE TEMP TRIGGER IF NOT EXISTS " + g.q(base+"_cascade") + " " + timing + " FOR EACH ROW WHEN " + g.becomes(t, "OLD.", "NEW.") +
			" BEGIN " + strings.Join(del, "; ") + "; END"}, g.q(base + "_cascade")},
		{Statement{SQL: "CREATE TEMP TRIGGER IF NOT EXISTS " + g.q(base+"_uncascade") + " " + timing + " FOR EACH ROW WHEN " + g.becomes(t, "NEW.", "OLD.") +
			" BEGIN " + strings.Join(undel, "; ") + "; END"}, g.q(base + "_uncascade")},
	}
}

// clearTrigger clears a child row's mark whenever it becomes live.
func (g *gen) clearTrigger(t *policy.Table) []trigger {
	name := g.table(t.Name)
	mark := g.q(policy.CascadeColumn)
	live := rewrite.Predicate(t.Marker, "NEW."+g.q(t.Column), true)
	comment := t.Name + ": a row that becomes live is no longer part of a cascade's deletion."
	switch g.name {
	case "postgres":
		fn := g.q("tombstone_cascade_clear_" + strings.ReplaceAll(t.Name, ".", "_"))
		return []trigger{
			{Statement{Comment: comment, SQL: "CREATE OR REPLACE FUNCTION " + fn + "() RETURNS trigger LANGUAGE plpgsql AS $$\nBEGIN\n  IF " + live +
				" THEN\n    NEW." + mark + " := NULL;\n  END IF;\n  RETURN NEW;\nEND\n$$"}, ""},
			{Statement{SQL: "DROP TRIGGER IF EXISTS tombstone_cascade_clear ON " + name}, "tombstone_cascade_clear"},
			{Statement{SQL: "CREATE TRIGGER tombstone_cascade_clear BEFORE UPDATE ON " + name + " FOR EACH ROW EXECUTE FUNCTION " + fn + "()"}, "tombstone_cascade_clear"},
		}
	case "mysql":
		trig := "tombstone_" + t.Relation + "_cascade_clear"
		q := g.q(trig)
		if t.Schema != "" {
			q = g.q(t.Schema) + "." + q
		}
		return []trigger{
			{Statement{Comment: comment, SQL: "DROP TRIGGER IF EXISTS " + q}, trig},
			{Statement{SQL: "CREATE TRIGGER " + q + " BEFORE UPDATE ON " + name + " FOR EACH ROW BEGIN IF " + live + " THEN SET NEW." + mark + " = NULL; END IF; END"}, trig},
		}
	}
	on := name
	if t.Schema == "" {
		on = "main." + name
	}
	var keys []string
	for _, k := range t.Key {
		keys = append(keys, g.q(k)+" = NEW."+g.q(k))
	}
	trig := g.q("tombstone_" + strings.ReplaceAll(t.Name, ".", "_") + "_cascade_clear")
	return []trigger{{Statement{Comment: comment, SQL: "CREATE TEMP TRIGGER IF NOT EXISTS " + trig + " AFTER UPDATE OF " + g.q(t.Column) + " ON " + on +
		" FOR EACH ROW WHEN " + live + " AND NEW." + mark + " IS NOT NULL BEGIN UPDATE " + on + " SET " + mark + " = NULL WHERE " + strings.Join(keys, " AND ") + "; END"}, trig}}
}
