package policy

import (
	"errors"
	"fmt"
	"os"
	"sort"
	"strconv"
	"strings"

	"github.com/goccy/go-yaml"
	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/parser"
)

// Load reads and validates the policy file at path.
func Load(path string) (*Policy, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("policy: %w", err)
	}
	return Parse(path, data)
}

// Parse validates data as a policy file; name is used in messages. It
// reports every problem it finds, as an ErrorList of *Error, never a partial
// policy.
func Parse(name string, data []byte) (p *Policy, err error) {
	l := &loader{file: name}
	defer func() {
		// The YAML library is a dependency we do not control: whatever
		// bytes it is given, the caller gets an error, not a panic.
		if r := recover(); r != nil {
			p, err = nil, ErrorList{l.errAt(1, 1, "", fmt.Sprintf("cannot read the file as YAML (%v)", r))}
		}
	}()
	p = l.load(data)
	if len(l.errs) > 0 {
		sort.SliceStable(l.errs, func(i, j int) bool {
			a, b := l.errs[i], l.errs[j]
			return a.Line < b.Line || a.Line == b.Line && a.Column < b.Column
		})
		return nil, l.errs
	}
	return p, nil
}

// Error is one problem in a policy file.
type Error struct {
	File   string
	Line   int
	Column int
	// Key is the dotted path of the offending key, e.g.
	// "tables.customers.restore_window"; empty for the whole file.
	Key string
	Msg string
}

func (e *Error) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s:%d:%d: ", e.File, e.Line, e.Column)
	if e.Key != "" {
		b.WriteString(oneLine(e.Key))
		b.WriteString(": ")
	}
	b.WriteString(oneLine(e.Msg))
	return b.String()
}

// ErrorList is every problem found in one policy file, in file order.
type ErrorList []*Error

func (l ErrorList) Error() string {
	msgs := make([]string, len(l))
	for i, e := range l {
		msgs[i] = e.Error()
	}
	return strings.Join(msgs, "\n")
}

// Unwrap lets errors.As find each *Error.
func (l ErrorList) Unwrap() []error {
	errs := make([]error, len(l))
	for i, e := range l {
		errs[i] = e
	}
	return errs
}

type loader struct {
	file string
	errs ErrorList
	// pending are the cascade entries, checked once every table is read.
	pending []pendingCascade
}

func (l *loader) errAt(line, col int, key, msg string) *Error {
	if line < 1 {
		line = 1
	}
	if col < 1 {
		col = 1
	}
	return &Error{File: l.file, Line: line, Column: col, Key: key, Msg: msg}
}

func (l *loader) fail(n ast.Node, key, format string, args ...any) {
	line, col := position(n)
	l.errs = append(l.errs, l.errAt(line, col, key, fmt.Sprintf(format, args...)))
}

func position(n ast.Node) (line, col int) {
	if n == nil {
		return 1, 1
	}
	// A mapping's own token is the first ':'; point at its first key.
	if m, ok := n.(*ast.MappingNode); ok && len(m.Values) > 0 {
		return position(m.Values[0].Key)
	}
	tk := n.GetToken()
	if tk == nil || tk.Position == nil {
		return 1, 1
	}
	return tk.Position.Line, tk.Position.Column
}

func (l *loader) load(data []byte) *Policy {
	if strings.TrimSpace(string(data)) == "" {
		l.errs = append(l.errs, l.errAt(1, 1, "", "the file is empty; a policy needs at least version and tables"))
		return nil
	}
	f, err := parser.ParseBytes(data, 0, parser.AllowDuplicateMapKey())
	if err != nil {
		var ye yaml.Error
		if errors.As(err, &ye) && ye.GetToken() != nil && ye.GetToken().Position != nil {
			pos := ye.GetToken().Position
			l.errs = append(l.errs, l.errAt(pos.Line, pos.Column, "", "not valid YAML: "+ye.GetMessage()))
		} else {
			l.errs = append(l.errs, l.errAt(1, 1, "", "not valid YAML: "+err.Error()))
		}
		return nil
	}
	var docs []ast.Node
	for _, d := range f.Docs {
		if d != nil && d.Body != nil {
			docs = append(docs, d.Body)
		}
	}
	switch {
	case len(docs) == 0:
		l.errs = append(l.errs, l.errAt(1, 1, "", "the file is empty; a policy needs at least version and tables"))
		return nil
	case len(docs) > 1:
		l.fail(docs[1], "", "the file holds %d YAML documents; a policy is exactly one", len(docs))
		return nil
	}
	top, ok := l.mapping(docs[0], "")
	if !ok {
		return nil
	}
	p := &Policy{Source: l.file}
	seen := map[string]bool{}
	for _, kv := range top {
		seen[kv.key] = true
		switch kv.key {
		case "version":
			if v, ok := kv.value.(*ast.IntegerNode); ok && fmt.Sprint(v.Value) == "1" {
				p.Version = 1
			} else {
				l.fail(kv.value, "version", "unsupported version %q; expected 1", scalarText(kv.value))
			}
		case "mode":
			switch s, _ := l.str(kv.value, "mode"); s {
			case "enforce":
				p.Mode = Enforce
			case "shadow":
				p.Mode = Shadow
			default:
				l.fail(kv.value, "mode", "unknown mode %q; expected enforce or shadow", s)
			}
		case "audit":
			p.Audit = l.audit(kv.value)
		case "roles":
			p.Roles = l.roles(kv.value)
		case "tables":
			p.Tables = l.tables(kv.value)
		case "dialect":
			p.Dialect = l.dialect(kv.value)
		case "lint":
			p.Lint = l.lint(kv.value)
		default:
			l.fail(kv.keyNode, kv.key, "unknown key; expected version, mode, dialect, audit, roles, tables or lint")
		}
	}
	if !seen["version"] {
		l.fail(docs[0], "version", "missing; add `version: 1` at the top")
	}
	if !seen["tables"] {
		l.fail(docs[0], "tables", "missing; a policy names at least one table")
	}
	l.cascades(p)
	if p.Audit != nil {
		if t := p.Table(p.Audit.Table); t != nil {
			l.errs = append(l.errs, l.errAt(t.Line, 3, "tables."+t.Name, "the audit table cannot be governed by the policy itself"))
		}
	}
	if len(l.errs) > 0 {
		return nil
	}
	p.names = newNameIndex(p.Tables)
	return p
}

type keyValue struct {
	key     string
	keyNode ast.Node
	value   ast.Node
}

// mapping returns the entries of a YAML mapping, reporting duplicate keys,
// anchors, aliases and anything that is not a mapping.
func (l *loader) mapping(n ast.Node, key string) ([]keyValue, bool) {
	n = l.plain(n, key)
	if n == nil {
		return nil, false
	}
	m, ok := n.(*ast.MappingNode)
	if !ok {
		if _, null := n.(*ast.NullNode); null {
			return nil, true
		}
		l.fail(n, key, "expected a mapping of keys, found %s", describe(n))
		return nil, false
	}
	var out []keyValue
	first := map[string]int{}
	for _, mv := range m.Values {
		kn := l.plain(mv.Key, key)
		if kn == nil {
			continue
		}
		k, ok := kn.(ast.ScalarNode)
		if !ok {
			l.fail(kn, key, "expected a plain key, found %s", describe(kn))
			continue
		}
		name := fmt.Sprint(k.GetValue())
		full := join(key, name)
		if line, dup := first[name]; dup {
			l.fail(kn, full, "duplicate key (first on line %d)", line)
			continue
		}
		line, _ := position(kn)
		first[name] = line
		value := mv.Value
		if value == nil {
			value = &ast.NullNode{}
		}
		out = append(out, keyValue{key: name, keyNode: kn, value: value})
	}
	return out, true
}

// plain rejects YAML features a policy has no use for: anchors, aliases,
// tags and merge keys make a reviewed policy harder to read.
func (l *loader) plain(n ast.Node, key string) ast.Node {
	switch n.(type) {
	case *ast.AnchorNode, *ast.AliasNode:
		l.fail(n, key, "anchors and aliases are not supported; write the value out")
		return nil
	case *ast.TagNode:
		l.fail(n, key, "tags are not supported; write a plain value")
		return nil
	case *ast.MergeKeyNode:
		l.fail(n, key, "merge keys are not supported; write the keys out")
		return nil
	}
	return n
}

func join(key, name string) string {
	if key == "" {
		return name
	}
	return key + "." + name
}

func describe(n ast.Node) string {
	switch n.(type) {
	case *ast.MappingNode:
		return "a mapping"
	case *ast.SequenceNode:
		return "a list"
	case *ast.NullNode:
		return "nothing"
	case *ast.BoolNode:
		return "a boolean"
	case *ast.IntegerNode, *ast.FloatNode:
		return "a number"
	}
	return fmt.Sprintf("%q", scalarText(n))
}

// oneLine keeps a message on one line whatever the file holds.
func oneLine(s string) string {
	if !strings.ContainsAny(s, "\r\n") {
		return s
	}
	return strings.NewReplacer("\r", `\r`, "\n", `\n`).Replace(s)
}

func scalarText(n ast.Node) string {
	if s, ok := n.(ast.ScalarNode); ok {
		return fmt.Sprint(s.GetValue())
	}
	if n == nil {
		return ""
	}
	return n.String()
}

func (l *loader) str(n ast.Node, key string) (string, bool) {
	n = l.plain(n, key)
	if n == nil {
		return "", false
	}
	s, ok := n.(*ast.StringNode)
	if !ok || s.Value == "" {
		l.fail(n, key, "expected a name, found %s", describe(n))
		return "", false
	}
	return s.Value, true
}

func (l *loader) boolean(n ast.Node, key string) (bool, bool) {
	n = l.plain(n, key)
	if n == nil {
		return false, false
	}
	b, ok := n.(*ast.BoolNode)
	if !ok {
		l.fail(n, key, "expected true or false, found %s", describe(n))
		return false, false
	}
	return b.Value, true
}

// names reads a list of column names; an empty list is an error.
func (l *loader) names(n ast.Node, key string) ([]string, bool) {
	n = l.plain(n, key)
	if n == nil {
		return nil, false
	}
	seq, ok := n.(*ast.SequenceNode)
	if !ok {
		l.fail(n, key, "expected a list of column names like [id], found %s", describe(n))
		return nil, false
	}
	if len(seq.Values) == 0 {
		l.fail(n, key, "the list is empty; name at least one column")
		return nil, false
	}
	var out []string
	seen := map[string]bool{}
	good := true
	for _, v := range seq.Values {
		s, ok := l.str(v, key)
		if !ok {
			good = false
			continue
		}
		if !validIdent(s) {
			l.fail(v, key, "%q is not a column name", s)
			good = false
			continue
		}
		if seen[strings.ToLower(s)] {
			l.fail(v, key, "column %s is listed twice", s)
			good = false
			continue
		}
		seen[strings.ToLower(s)] = true
		out = append(out, s)
	}
	return out, good
}

func (l *loader) column(n ast.Node, key string) (string, bool) {
	s, ok := l.str(n, key)
	if !ok {
		return "", false
	}
	if !validIdent(s) {
		l.fail(n, key, "%q is not a column name", s)
		return "", false
	}
	return s, true
}

// validIdent accepts any name a dialect can quote: non-empty, no control
// characters, no NUL.
func validIdent(s string) bool {
	if s == "" || len(s) > 128 {
		return false
	}
	for _, r := range s {
		if r < 0x20 || r == 0x7f || r == '\uFFFD' {
			return false
		}
	}
	return true
}

func (l *loader) audit(n ast.Node) *Audit {
	kvs, ok := l.mapping(n, "audit")
	if !ok {
		return nil
	}
	if kvs == nil {
		l.fail(n, "audit", "empty; give at least `table: tombstone_audit`, or remove the key for no audit trail")
		return nil
	}
	a := &Audit{}
	for _, kv := range kvs {
		key := "audit." + kv.key
		switch kv.key {
		case "table":
			if s, ok := l.str(kv.value, key); ok {
				if _, _, ok := splitName(s); !ok {
					l.fail(kv.value, key, "%q is not a table name; expected name or schema.name", s)
				}
				a.Table = s
			}
		case "require_actor":
			a.RequireActor, _ = l.boolean(kv.value, key)
		default:
			l.fail(kv.keyNode, key, "unknown key; expected table or require_actor")
		}
	}
	if a.Table == "" {
		l.fail(n, "audit.table", "missing; name the audit table, e.g. `table: tombstone_audit`")
	}
	return a
}

func (l *loader) roles(n ast.Node) []*Role {
	kvs, ok := l.mapping(n, "roles")
	if !ok {
		return nil
	}
	var out []*Role
	for _, kv := range kvs {
		key := "roles." + kv.key
		r := &Role{Name: kv.key}
		perms, ok := l.mapping(kv.value, key)
		if !ok {
			continue
		}
		for _, p := range perms {
			pkey := key + "." + p.key
			v, _ := l.boolean(p.value, pkey)
			switch p.key {
			case "see_deleted":
				r.SeeDeleted = v
			case "restore":
				r.Restore = v
			case "erase":
				r.Erase = v
			case "purge":
				r.Purge = v
			default:
				l.fail(p.keyNode, pkey, "unknown permission; expected see_deleted, restore, erase or purge")
			}
		}
		out = append(out, r)
	}
	return out
}

func (l *loader) tables(n ast.Node) []*Table {
	kvs, ok := l.mapping(n, "tables")
	if !ok {
		return nil
	}
	if len(kvs) == 0 {
		l.fail(n, "tables", "empty; a policy names at least one table")
		return nil
	}
	var out []*Table
	for _, kv := range kvs {
		if t := l.table(kv); t != nil {
			for _, o := range out {
				if overlaps(o, t) {
					l.fail(kv.keyNode, "tables."+kv.key, "names the same table as %s (line %d); a reference to %s would match both", o.Name, o.Line, t.Relation)
					t = nil
					break
				}
			}
			if t != nil {
				out = append(out, t)
			}
		}
	}
	return out
}

// overlaps reports whether one SQL reference could match both tables:
// names match case-insensitively, and an unqualified policy name matches
// the relation in every schema.
func overlaps(a, b *Table) bool {
	if !strings.EqualFold(a.Relation, b.Relation) {
		return false
	}
	return a.Schema == "" || b.Schema == "" || strings.EqualFold(a.Schema, b.Schema)
}

func (l *loader) table(kv keyValue) *Table {
	key := "tables." + kv.key
	schema, rel, ok := splitName(kv.key)
	if !ok {
		l.fail(kv.keyNode, key, "%q is not a table name; expected name or schema.name", kv.key)
		return nil
	}
	line, _ := position(kv.keyNode)
	t := &Table{Name: kv.key, Schema: schema, Relation: rel, Line: line}
	fields, ok := l.mapping(kv.value, key)
	if !ok {
		return nil
	}
	nodes := map[string]ast.Node{}
	before := len(l.errs)
	for _, f := range fields {
		fkey := key + "." + f.key
		nodes[f.key] = f.keyNode
		switch f.key {
		case "delete":
			switch s, _ := l.str(f.value, fkey); s {
			case "soft":
				t.Rule = Soft
			case "hard":
				t.Rule = Hard
			case "retain":
				t.Rule = Retain
			case "":
			default:
				l.fail(f.value, fkey, "unknown rule %q; expected soft, hard or retain", s)
			}
		case "column":
			t.Column, _ = l.column(f.value, fkey)
		case "marker":
			switch s, _ := l.str(f.value, fkey); s {
			case "timestamp":
				t.Marker = Timestamp
			case "flag":
				t.Marker = Flag
			case "unix":
				t.Marker = Unix
			case "":
			default:
				l.fail(f.value, fkey, "unknown marker %q; expected timestamp, flag or unix", s)
			}
		case "key":
			t.Key, _ = l.names(f.value, fkey)
		case "restore_window":
			t.RestoreWindow = l.duration(f.value, fkey)
		case "after_window":
			switch s, _ := l.str(f.value, fkey); s {
			case "purge":
				t.AfterWindow = Purge
			case "anonymize":
				t.AfterWindow = Anonymize
			case "keep":
				t.AfterWindow = Keep
			case "":
			default:
				l.fail(f.value, fkey, "unknown action %q; expected purge, anonymize or keep", s)
			}
		case "personal":
			t.Personal, _ = l.names(f.value, fkey)
		case "anonymize_with":
			t.AnonymizeWith = l.replacements(f.value, fkey)
		case "after_retention":
			switch s, _ := l.str(f.value, fkey); s {
			case "purge":
				t.AfterRetention = Purge
			case "anonymize":
				t.AfterRetention = Anonymize
			case "keep":
				t.AfterRetention = Keep
			case "":
			default:
				l.fail(f.value, fkey, "unknown action %q; expected purge, anonymize or keep", s)
			}
		case "retention":
			t.Retention = l.duration(f.value, fkey)
		case "expire_after":
			t.ExpireAfter = l.duration(f.value, fkey)
		case "unique":
			t.Unique, _ = l.uniqueKeys(f.value, fkey)
		case "age_column":
			t.AgeColumn, _ = l.column(f.value, fkey)
		case "cascade":
			l.pending = append(l.pending, pendingCascade{parent: t, keyNode: f.keyNode, node: f.value, key: fkey})
		default:
			l.fail(f.keyNode, fkey, "unknown key; expected delete, column, marker, key, restore_window, after_window, personal, anonymize_with, unique, retention, after_retention, expire_after, age_column or cascade")
		}
	}
	// Rules that relate keys to each other; they test which keys are
	// present, so a key whose value was bad is not reported twice.
	bad := func(k, format string, args ...any) {
		n := nodes[k]
		if n == nil {
			n = kv.keyNode
		}
		l.fail(n, join(key, k), format, args...)
	}
	only := func(k string, rule Rule, why string) {
		if nodes[k] != nil && t.Rule != rule {
			bad(k, "only for %s tables%s; this table is %s", rule, why, t.Rule)
		}
	}
	if t.Rule == 0 {
		if nodes["delete"] == nil {
			bad("delete", "missing; say what DELETE means for this table: soft, hard or retain")
		}
		return nil
	}
	only("column", Soft, "")
	only("marker", Soft, "")
	only("restore_window", Soft, "")
	only("after_window", Soft, "")
	only("retention", Retain, "")
	only("after_retention", Retain, "")
	only("unique", Soft, ": other tables' unique keys need no change")
	only("expire_after", Hard, "")
	only("cascade", Soft, ": deleting a row of another table tombstones nothing")
	if t.Marker == Flag {
		for _, k := range []string{"restore_window", "after_window"} {
			if nodes[k] != nil {
				bad(k, "a flag marker records no deletion time, so a window cannot be measured; use `marker: timestamp` (or unix) with a column that holds the deletion time, or remove %s", k)
			}
		}
	}
	if t.Rule == Soft && nodes["column"] == nil {
		bad("column", "missing; a soft table needs its tombstone column, e.g. `column: deleted_at`")
	}
	if t.Rule == Retain && nodes["retention"] == nil {
		bad("retention", "missing; a retain table needs its retention period, e.g. `retention: 7y`")
	}
	if t.Rule == Hard && nodes["personal"] != nil {
		bad("personal", "not for hard tables: their rows are deleted, personal data and all")
	}
	if nodes["after_window"] != nil && nodes["restore_window"] == nil {
		bad("after_window", "needs restore_window: say when the window ends, e.g. `restore_window: 30d`")
	}
	if t.AfterWindow == Anonymize && nodes["personal"] == nil {
		bad("after_window", "anonymize needs the personal columns to clear: add `personal: [...]`")
	}
	if t.AfterRetention == Anonymize && nodes["personal"] == nil {
		bad("after_retention", "anonymize needs the personal columns to clear: add `personal: [...]`")
	}
	if nodes["anonymize_with"] != nil && nodes["personal"] == nil {
		bad("anonymize_with", "needs personal: list the columns anonymizing clears, e.g. `personal: [name, email]`")
	}
	for _, c := range sortedKeys(t.AnonymizeWith) {
		if !containsFold(t.Personal, c) && nodes["personal"] != nil {
			bad("anonymize_with", "column %s is not in personal; anonymize_with gives values for personal columns only", c)
		}
		for _, name := range placeholders(t.AnonymizeWith[c]) {
			if !containsFold(t.Key, name) && !(t.Key == nil && strings.EqualFold(name, "id")) {
				bad("anonymize_with", "{%s} in the value of %s is not a key column; only key columns (%s) can be named in braces", name, c, strings.Join(keyOrID(t.Key), ", "))
			}
		}
	}
	if nodes["age_column"] != nil && t.Rule == Soft {
		bad("age_column", "only for hard tables with expire_after and retain tables; this table is soft")
	}
	if nodes["age_column"] != nil && t.Rule == Hard && nodes["expire_after"] == nil {
		bad("age_column", "needs expire_after: say when rows expire, e.g. `expire_after: 90d`")
	}
	if t.Key == nil {
		t.Key = []string{"id"}
	}
	if t.Rule == Soft && t.Marker == 0 {
		t.Marker = Timestamp
	}
	if t.AgeColumn == "" && (!t.ExpireAfter.IsZero() || t.Rule == Retain) {
		t.AgeColumn = "created_at"
	}
	for _, c := range t.Personal {
		for _, k := range t.Key {
			if strings.EqualFold(c, k) {
				bad("personal", "column %s is part of the key; anonymizing it would lose the row's identity", c)
			}
		}
		if t.Column != "" && strings.EqualFold(c, t.Column) {
			bad("personal", "column %s is the tombstone column", c)
		}
	}
	for _, k := range t.Key {
		if t.Column != "" && strings.EqualFold(k, t.Column) {
			bad("key", "column %s is the tombstone column; the key must identify the row", k)
		}
	}
	if len(l.errs) > before {
		return nil
	}
	return t
}

// replacements reads anonymize_with: {column: value}: each value a
// string or number, written in place of the column when a row is
// anonymized.
func (l *loader) replacements(n ast.Node, key string) map[string]string {
	kvs, ok := l.mapping(n, key)
	if !ok {
		return nil
	}
	if len(kvs) == 0 {
		l.fail(n, key, "empty; give a value per NOT NULL personal column, e.g. `{email: anonymized-{id}@example.invalid}`, or remove the key")
		return nil
	}
	out := map[string]string{}
	for _, kv := range kvs {
		ckey := key + "." + kv.key
		if !validIdent(kv.key) {
			l.fail(kv.keyNode, ckey, "%q is not a column name", kv.key)
			continue
		}
		v := l.plain(kv.value, ckey)
		switch v.(type) {
		case nil:
			continue
		case *ast.StringNode, *ast.IntegerNode, *ast.FloatNode:
		default:
			l.fail(v, ckey, "expected a value to write (a string or number), found %s; leave the column out to write NULL", describe(v))
			continue
		}
		s := scalarText(v)
		if strings.Count(s, "{") != strings.Count(s, "}") || !validIdent(s+"x") {
			l.fail(v, ckey, "%q is not a value tombstone can write: braces must pair up around a key column, and control characters are not allowed", s)
			continue
		}
		out[kv.key] = s
	}
	return out
}

// placeholders returns the names in braces in an anonymize_with value.
func placeholders(v string) []string {
	var out []string
	for {
		i := strings.IndexByte(v, '{')
		if i < 0 {
			return out
		}
		j := strings.IndexByte(v[i:], '}')
		if j < 0 {
			return append(out, v[i+1:])
		}
		out = append(out, v[i+1:i+j])
		v = v[i+j+1:]
	}
}

func containsFold(list []string, s string) bool {
	for _, x := range list {
		if strings.EqualFold(x, s) {
			return true
		}
	}
	return false
}

func keyOrID(key []string) []string {
	if key == nil {
		return []string{"id"}
	}
	return key
}

func sortedKeys(m map[string]string) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// uniqueKeys reads unique: [email, [tenant_id, slug]]: each entry is a
// column, or a list of columns for a composite key.
func (l *loader) uniqueKeys(n ast.Node, key string) ([][]string, bool) {
	n = l.plain(n, key)
	if n == nil {
		return nil, false
	}
	seq, ok := n.(*ast.SequenceNode)
	if !ok || len(seq.Values) == 0 {
		l.fail(n, key, "expected a list of unique keys like [email, [tenant_id, slug]], found %s", describe(n))
		return nil, false
	}
	var out [][]string
	good := true
	for _, v := range seq.Values {
		if _, list := v.(*ast.SequenceNode); list {
			cols, ok := l.names(v, key)
			good = good && ok
			out = append(out, cols)
			continue
		}
		col, ok := l.column(v, key)
		good = good && ok
		out = append(out, []string{col})
	}
	return out, good
}

// splitName splits "schema.table" or "table"; both parts must be non-empty.
func splitName(s string) (schema, rel string, ok bool) {
	parts := strings.Split(s, ".")
	for _, p := range parts {
		if strings.TrimSpace(p) != p || !validIdent(p) {
			return "", "", false
		}
	}
	switch len(parts) {
	case 1:
		return "", parts[0], true
	case 2:
		return parts[0], parts[1], true
	}
	return "", "", false
}

func (l *loader) duration(n ast.Node, key string) Duration {
	n = l.plain(n, key)
	if n == nil {
		return Duration{}
	}
	s := scalarText(n)
	if _, ok := n.(ast.ScalarNode); !ok {
		s = describe(n)
	}
	d, err := ParseDuration(s)
	if err != nil {
		l.fail(n, key, "%v", err)
	}
	return d
}

// Duration is a policy period: a whole number of hours, days, weeks or
// years. It keeps its unit so messages and SQL can say "30 days" rather than
// "720h".
type Duration struct {
	N    int
	Unit byte // 'h', 'd', 'w' or 'y'
}

// ParseDuration reads "12h", "14d", "2w" or "7y".
func ParseDuration(s string) (Duration, error) {
	bad := fmt.Errorf("bad duration %q; expected a whole number with h, d, w or y, like 12h, 14d, 2w or 7y", s)
	if len(s) < 2 {
		return Duration{}, bad
	}
	unit := s[len(s)-1]
	if !strings.ContainsRune("hdwy", rune(unit)) {
		return Duration{}, bad
	}
	num := s[:len(s)-1]
	for _, c := range num {
		if c < '0' || c > '9' {
			return Duration{}, bad
		}
	}
	n, err := strconv.Atoi(num)
	if err != nil || n > 100000 {
		return Duration{}, fmt.Errorf("duration %q is too long", s)
	}
	if n == 0 {
		return Duration{}, fmt.Errorf("duration %q is zero; remove the key instead", s)
	}
	return Duration{N: n, Unit: unit}, nil
}

// IsZero reports whether d is unset.
func (d Duration) IsZero() bool { return d.N == 0 }

// Hours returns d in hours, counting a year as 365 days.
func (d Duration) Hours() int {
	switch d.Unit {
	case 'h':
		return d.N
	case 'd':
		return d.N * 24
	case 'w':
		return d.N * 24 * 7
	case 'y':
		return d.N * 24 * 365
	}
	return 0
}

func (d Duration) String() string {
	if d.N == 0 {
		return ""
	}
	return strconv.Itoa(d.N) + string(d.Unit)
}

// Words says d in English: "30 days", "1 week".
func (d Duration) Words() string {
	unit := map[byte]string{'h': "hour", 'd': "day", 'w': "week", 'y': "year"}[d.Unit]
	if d.N != 1 {
		unit += "s"
	}
	return strconv.Itoa(d.N) + " " + unit
}
