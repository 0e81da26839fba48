package policy

import (
	"regexp"
	"strings"

	"go.yaml.in/yaml/v3"
)

// maxNote is the longest note of a copy, in bytes.
const maxNote = 1024

// kindName is the form of a subject kind: it is typed on a command line
// (--subject customer=42) and printed in receipts.
var kindName = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_-]{0,63}$`)

// subjects reads
//
//	subjects:
//	  customer:
//	    customers: id
//	    invoices: customer_id
//	    messages: [sender_id, recipient_id]
//
// once every table is known: each kind names governed tables, each with the
// column (or columns: a row is the person's when any of them holds the id)
// that locates the person's rows.
func (l *loader) subjects(p *Policy, kv keyValue) []*Subject {
	kinds, ok := l.mapping(kv.value, "subjects")
	if !ok {
		return nil
	}
	if len(kinds) == 0 {
		l.fail(kv.keyNode, "subjects", "empty; name each kind of person and the tables holding their rows, e.g. `subjects: {customer: {customers: id}}`, or remove the key")
		return nil
	}
	var out []*Subject
	seen := map[string]int{}
	for _, k := range kinds {
		key := "subjects." + k.key
		line, _ := position(k.keyNode)
		if !kindName.MatchString(k.key) {
			l.fail(k.keyNode, key, "%q is not a subject kind; use a plain name of letters, digits, _ and - starting with a letter, like customer (it is typed as --subject customer=42)", k.key)
			continue
		}
		if first, dup := seen[strings.ToLower(k.key)]; dup {
			l.fail(k.keyNode, key, "names the same kind as line %d (kinds compare case-insensitively)", first)
			continue
		}
		seen[strings.ToLower(k.key)] = line
		s := &Subject{Kind: k.key, Line: line}
		tables, ok := l.mapping(k.value, key)
		if !ok {
			continue
		}
		if len(tables) == 0 {
			l.fail(k.keyNode, key, "empty; name the tables holding this person's rows with the column that locates them, e.g. `%s: {customers: id}`", k.key)
			continue
		}
		bad := false
		for _, tv := range tables {
			if st := l.subjectTable(p, s, tv, key+"."+tv.key); st != nil {
				s.Tables = append(s.Tables, st)
			} else {
				bad = true
			}
		}
		if !bad {
			out = append(out, s)
		}
	}
	return out
}

func (l *loader) subjectTable(p *Policy, s *Subject, tv keyValue, key string) *SubjectTable {
	t := p.Table(tv.key)
	if t == nil {
		l.fail(tv.keyNode, key, "%s is not a table of the policy; the rows an erasure reaches must be in governed tables: add it under tables with its rule, or fix the name", tv.key)
		return nil
	}
	for _, o := range s.Tables {
		if o.Table == t {
			l.fail(tv.keyNode, key, "names the table %s again (line %d); list a table once, with all its columns: `%s: [a, b]`", t.Name, o.Line, tv.key)
			return nil
		}
	}
	var cols []string
	var ok bool
	if tv.value.Kind == yaml.SequenceNode {
		cols, ok = l.names(tv.value, key)
	} else {
		var c string
		c, ok = l.column(tv.value, key)
		cols = []string{c}
	}
	if !ok {
		return nil
	}
	for _, c := range cols {
		if t.Column != "" && strings.EqualFold(c, t.Column) || strings.EqualFold(c, CascadeColumn) {
			l.fail(tv.value, key, "column %s is %s's tombstone column; name the column that holds the person's id, e.g. customer_id", c, t.Name)
			return nil
		}
		for _, pc := range t.Personal {
			if strings.EqualFold(c, pc) {
				l.fail(tv.value, key, "column %s is a personal column of %s: the erasure would anonymize it and then no longer find the row to tombstone, and the subject id, which the receipt and the erasure log keep, would be personal data; name the column that holds the person's id, e.g. id or customer_id", c, t.Name)
				return nil
			}
		}
	}
	switch {
	case t.Rule == Soft && t.Erase == EraseAnonymize && len(t.Personal) == 0:
		l.fail(tv.keyNode, key, "%s is a soft table with no personal columns, so erasing could only tombstone its rows, keeping the person's data; list its personal columns (`personal: [...]`) or add `erase: purge` to %s (line %d)", t.Name, t.Name, t.Line)
		return nil
	case t.Rule == Retain && len(t.Personal) == 0:
		l.fail(tv.keyNode, key, "%s is a retain table with no personal columns, so erasing would change nothing in it; list its personal columns (`personal: [...]`) at line %d, or remove it from the subject", t.Name, t.Line)
		return nil
	}
	line, _ := position(tv.keyNode)
	return &SubjectTable{Table: t, Columns: cols, Line: line}
}

// copies reads
//
//	copies:
//	  warehouse: {tables: [customers, invoices], kept_for: 1y, note: nightly export}
//
// once every table is known.
func (l *loader) copies(p *Policy, kv keyValue) []*Copy {
	systems, ok := l.mapping(kv.value, "copies")
	if !ok {
		return nil
	}
	if len(systems) == 0 {
		l.fail(kv.keyNode, "copies", "empty; name each system that receives copies with its tables and how long it keeps them, e.g. `copies: {warehouse: {tables: [customers], kept_for: 1y}}`, or remove the key")
		return nil
	}
	var out []*Copy
	for _, s := range systems {
		if c := l.copySystem(p, s); c != nil {
			out = append(out, c)
		}
	}
	return out
}

func (l *loader) copySystem(p *Policy, s keyValue) *Copy {
	key := "copies." + s.key
	line, _ := position(s.keyNode)
	if !validIdent(s.key) || strings.TrimSpace(s.key) != s.key {
		l.fail(s.keyNode, key, "%q is not a system name; use a short name like warehouse%s", s.key, tooLong(s.key))
		return nil
	}
	c := &Copy{Name: s.key, Line: line}
	fields, ok := l.mapping(s.value, key)
	if !ok {
		return nil
	}
	before := len(l.errs)
	var hasTables, hasKept bool
	for _, f := range fields {
		fkey := key + "." + f.key
		switch f.key {
		case "tables":
			hasTables = true
			c.Tables = l.copyTables(p, f.value, fkey)
		case "kept_for":
			hasKept = true
			c.KeptFor = l.duration(f.value, fkey)
		case "note":
			c.Note = l.text(f.value, fkey, maxNote)
		default:
			l.fail(f.keyNode, fkey, "unknown key; expected tables, kept_for or note")
		}
	}
	if !hasTables {
		l.fail(s.keyNode, key+".tables", "missing; list the governed tables whose rows %s receives, e.g. `tables: [customers, invoices]`", s.key)
	}
	if !hasKept {
		l.fail(s.keyNode, key+".kept_for", "missing; say how long %s keeps what it receives, e.g. `kept_for: 35d`", s.key)
	}
	if len(l.errs) > before {
		return nil
	}
	return c
}

func (l *loader) copyTables(p *Policy, n *yaml.Node, key string) []*Table {
	n = l.plain(n, key)
	if n == nil {
		return nil
	}
	if n.Kind != yaml.SequenceNode || len(n.Content) == 0 {
		l.fail(n, key, "expected a list of governed tables like [customers, invoices], found %s", describe(n))
		return nil
	}
	var out []*Table
	for _, v := range n.Content {
		name, ok := l.str(v, key)
		if !ok {
			continue
		}
		t := p.Table(name)
		switch {
		case t == nil:
			l.fail(v, key, "%s is not a table of the policy; list governed tables (add it under tables, or fix the name)", clip(name, maxQuoted))
		case containsTable(out, t):
			l.fail(v, key, "table %s is listed twice", t.Name)
		default:
			out = append(out, t)
		}
	}
	return out
}

// owner reads who owns a table's final delete decision: a team or role
// name.
func (l *loader) owner(n *yaml.Node, key string) string {
	s := l.text(n, key, MaxName)
	if s != "" && strings.TrimSpace(s) != s {
		l.fail(n, key, "%q has spaces at an end; write the team or role name alone", s)
		return ""
	}
	return s
}

// text reads a one-line string of at most max bytes.
func (l *loader) text(n *yaml.Node, key string, max int) string {
	s, ok := l.str(n, key)
	if !ok {
		return ""
	}
	if len(s) > max || !printable(s) {
		l.fail(n, key, "%q is not a value tombstone can print: at most %d bytes on one line, no control characters", s, max)
		return ""
	}
	return s
}

func printable(s string) bool {
	for _, r := range s {
		if r < 0x20 || r == 0x7f || r == '\uFFFD' {
			return false
		}
	}
	return true
}
