package policy

import (
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"
)

// pendingCascade is a table's cascade entry, read with the table and
// checked once every table is known.
type pendingCascade struct {
	parent        *Table
	keyNode, node *yaml.Node
	key           string
}

// cascades reads every table's cascade entry:
//
//	cascade: {support_tickets: customer_id, order_lines: [tenant_id, order_id]}
//
// Each child must be a governed soft table other than the parent, with one
// referencing column per column of the parent's key; the policy needs its
// audit trail (the cascade is carried out by triggers installed beside the
// audit triggers), and cascades may not form a cycle.
func (l *loader) cascades(p *Policy) {
	for _, pc := range l.pending {
		if !slices.Contains(p.Tables, pc.parent) {
			continue // the parent's own entry was bad, and reported
		}
		kvs, ok := l.mapping(pc.node, pc.key)
		if !ok {
			continue
		}
		if len(kvs) == 0 {
			l.fail(pc.keyNode, pc.key, "empty; name each child table with its referencing columns, e.g. `cascade: {support_tickets: customer_id}`, or remove the key")
			continue
		}
		if p.Audit == nil {
			l.fail(pc.keyNode, pc.key, "needs the audit trail: the triggers that carry a cascade out are installed with it; add `audit: {table: tombstone_audit}`")
			continue
		}
		for _, kv := range kvs {
			ckey := pc.key + "." + kv.key
			child := p.Table(kv.key)
			switch {
			case child == nil:
				l.fail(kv.keyNode, ckey, "%s is not a table of the policy; a cascade's child must be a governed soft table", kv.key)
				continue
			case child == pc.parent:
				l.fail(kv.keyNode, ckey, "a table cannot cascade to itself")
				continue
			case child.Rule != Soft:
				l.fail(kv.keyNode, ckey, "%s is a %s table; a cascade tombstones its children, so the child must be soft", child.Name, child.Rule)
				continue
			}
			var cols []string
			if kv.value.Kind == yaml.SequenceNode {
				cols, ok = l.names(kv.value, ckey)
			} else {
				var c string
				c, ok = l.column(kv.value, ckey)
				cols = []string{c}
			}
			if !ok {
				continue
			}
			if len(cols) != len(pc.parent.Key) {
				l.fail(kv.value, ckey, "names %d column(s), and %s's key has %d (%s); give one referencing column of %s per key column, in the key's order", len(cols), pc.parent.Name, len(pc.parent.Key), strings.Join(pc.parent.Key, ", "), child.Name)
				continue
			}
			bad := false
			for _, c := range cols {
				if strings.EqualFold(c, child.Column) || strings.EqualFold(c, CascadeColumn) {
					l.fail(kv.value, ckey, "column %s of %s is a tombstone column; name the columns that reference %s", c, child.Name, pc.parent.Name)
					bad = true
				}
			}
			if bad {
				continue
			}
			line, _ := position(kv.keyNode)
			pc.parent.Cascades = append(pc.parent.Cascades, &Cascade{Child: child, Columns: cols, Line: line})
		}
	}
	for _, t := range p.Tables {
		if path := cycle(t, nil); path != nil {
			l.errs = append(l.errs, l.errAt(t.Line, 3, "tables."+t.Name+".cascade", "cascades form a cycle ("+strings.Join(path, " → ")+"); a row would tombstone itself; remove one of them"))
			return
		}
	}
}

// cycle returns the tables of a cascade cycle through t, or nil.
func cycle(t *Table, path []string) []string {
	for i, n := range path {
		if n == t.Name {
			return append(path[i:], t.Name)
		}
	}
	path = append(path, t.Name)
	for _, c := range t.Cascades {
		if found := cycle(c.Child, path); found != nil {
			return found
		}
	}
	return nil
}
