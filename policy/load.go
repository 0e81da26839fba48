package policy

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

// Limits on what the loader reads: a policy file is small, hand-written
// text, and anything beyond these is refused with an error saying so,
// before it can cost unbounded time or memory.
const (
	// MaxFileSize is the largest policy file, in bytes (1 MiB: tens of
	// thousands of tables).
	MaxFileSize = 1 << 20
	// MaxDepth is how deeply mappings and lists may nest; a policy needs
	// five levels (tables, a table, unique, a composite key).
	MaxDepth = 16
	// MaxErrors is how many problems one load reports; the rest are
	// counted.
	MaxErrors = 100
	// maxQuoted is how much of a value from the file a message quotes.
	maxQuoted = 64
)

// Load reads and validates the policy file at path.
func Load(path string) (*Policy, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("policy: %w", err)
	}
	defer f.Close()
	// Read one byte past the limit, never the whole of a large file.
	data, err := io.ReadAll(io.LimitReader(f, MaxFileSize+1))
	if err != nil {
		return nil, fmt.Errorf("policy: %w", err)
	}
	return Parse(path, data)
}

// Parse validates data as a policy file; name is used in messages. It
// reports every problem it finds (up to MaxErrors), as an ErrorList of
// *Error, never a partial policy.
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
		if n := len(l.errs); n > MaxErrors {
			more := l.errs[MaxErrors]
			l.errs = append(l.errs[:MaxErrors], l.errAt(more.Line, more.Column, "", fmt.Sprintf("and %d more problems; fix these first", n-MaxErrors)))
		}
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
	data []byte
	errs ErrorList
	// pending are the cascade entries, checked once every table is read.
	pending []pendingCascade
	// subjectsNode and copiesNode are read once every table is known.
	subjectsNode, copiesNode *keyValue
}

func (l *loader) errAt(line, col int, key, msg string) *Error {
	if line < 1 {
		line = 1
	}
	if col < 1 {
		col = 1
	}
	// Keys are built from the file's own keys: never echo one whole.
	return &Error{File: l.file, Line: line, Column: col, Key: clip(key, 2*maxQuoted), Msg: clip(msg, 16*maxQuoted)}
}

func (l *loader) fail(n *yaml.Node, key, format string, args ...any) {
	line, col := position(n)
	for i, a := range args {
		if s, ok := a.(string); ok {
			args[i] = clip(s, maxQuoted)
		}
	}
	l.errs = append(l.errs, l.errAt(line, col, key, fmt.Sprintf(format, args...)))
}

// clip shortens s to about max bytes for a message, saying how long it
// was: a file may hold a 1 MiB name, and an error must not repeat it.
func clip(s string, max int) string {
	if len(s) <= max {
		return s
	}
	cut := max
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return fmt.Sprintf("%s… (%d bytes)", s[:cut], len(s))
}

func position(n *yaml.Node) (line, col int) {
	if n == nil {
		return 1, 1
	}
	// Point at a mapping's first key, not its opening brace.
	if n.Kind == yaml.MappingNode && len(n.Content) > 0 {
		return position(n.Content[0])
	}
	return n.Line, n.Column
}

// yamlLine reads the line out of the YAML library's messages, which say
// "yaml: line 3: mapping values are not allowed in this context".
var yamlLine = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

func (l *loader) load(data []byte) *Policy {
	l.data = data
	if len(data) > MaxFileSize {
		l.errs = append(l.errs, l.errAt(1, 1, "", fmt.Sprintf("the file is larger than %d bytes (1 MiB), the most a policy file may be; a policy names tables and their rules, so check that this is the policy file", MaxFileSize)))
		return nil
	}
	if len(bytes.TrimSpace(data)) == 0 {
		l.errs = append(l.errs, l.errAt(1, 1, "", "the file is empty; a policy needs at least version and tables"))
		return nil
	}
	var docs []*yaml.Node
	dec := yaml.NewDecoder(bytes.NewReader(data))
	for {
		var d yaml.Node
		err := dec.Decode(&d)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			l.yamlError(err)
			return nil
		}
		if len(d.Content) > 0 && !isNull(d.Content[0]) {
			docs = append(docs, d.Content[0])
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
	if n := tooDeep(docs[0]); n != nil {
		l.fail(n, "", "mappings and lists nest more than %d levels deep here; a policy needs at most five (tables, a table, unique, a composite key)", MaxDepth)
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
			if v := kv.value; v.Kind == yaml.ScalarNode && v.ShortTag() == "!!int" && v.Value == "1" {
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
		case "subjects":
			l.subjectsNode = &kv
		case "copies":
			l.copiesNode = &kv
		default:
			l.fail(kv.keyNode, kv.key, "unknown key; expected version, mode, dialect, audit, roles, tables, subjects, copies or lint")
		}
	}
	if !seen["version"] {
		l.fail(docs[0], "version", "missing; add `version: 1` at the top")
	}
	if !seen["tables"] {
		l.fail(docs[0], "tables", "missing; a policy names at least one table")
	}
	l.cascades(p)
	if l.subjectsNode != nil {
		p.Subjects = l.subjects(p, *l.subjectsNode)
	}
	if l.copiesNode != nil {
		p.Copies = l.copies(p, *l.copiesNode)
	}
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
	keyNode *yaml.Node
	value   *yaml.Node
}

// yamlError reports a file the YAML library cannot read, at the line it
// names.
func (l *loader) yamlError(err error) {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	line := 1
	if m := yamlLine.FindStringSubmatch(err.Error()); m != nil {
		line, _ = strconv.Atoi(m[1])
		msg = m[2]
	}
	if n := lineLength(l.data, line); n > 1024 && (strings.Contains(msg, "mapping values") || strings.Contains(msg, "expected ':'")) {
		// The library's message for a key past YAML's 1024 characters
		// does not say so.
		msg += fmt.Sprintf(" (the line is %d bytes long; YAML allows keys of at most 1024 characters, and a name is at most %d bytes)", n, MaxName)
	}
	if strings.HasPrefix(msg, "exceeded max depth") {
		msg = fmt.Sprintf("mappings and lists nest more than %d levels deep; a policy needs at most five (tables, a table, unique, a composite key)", MaxDepth)
		l.errs = append(l.errs, l.errAt(line, 1, "", msg))
		return
	}
	l.errs = append(l.errs, l.errAt(line, 1, "", "not valid YAML: "+msg))
}

// lineLength returns the length of the 1-based line n of data, or 0.
func lineLength(data []byte, n int) int {
	for ; n > 1; n-- {
		i := bytes.IndexByte(data, '\n')
		if i < 0 {
			return 0
		}
		data = data[i+1:]
	}
	if i := bytes.IndexByte(data, '\n'); i >= 0 {
		return i
	}
	return len(data)
}

// tooDeep returns the first node nested more than MaxDepth collections
// deep, or nil; it walks the tree without recursion.
func tooDeep(root *yaml.Node) *yaml.Node {
	type item struct {
		n     *yaml.Node
		depth int
	}
	stack := []item{{root, 0}}
	for len(stack) > 0 {
		it := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if it.n.Kind != yaml.MappingNode && it.n.Kind != yaml.SequenceNode {
			continue
		}
		if it.depth == MaxDepth {
			return it.n
		}
		for i := len(it.n.Content) - 1; i >= 0; i-- {
			stack = append(stack, item{it.n.Content[i], it.depth + 1})
		}
	}
	return nil
}

func isNull(n *yaml.Node) bool {
	return n.Kind == yaml.ScalarNode && n.ShortTag() == "!!null"
}

// mapping returns the entries of a YAML mapping, reporting duplicate keys,
// anchors, aliases and anything that is not a mapping.
func (l *loader) mapping(n *yaml.Node, key string) ([]keyValue, bool) {
	n = l.plain(n, key)
	if n == nil {
		return nil, false
	}
	if n.Kind != yaml.MappingNode {
		if isNull(n) {
			return nil, true
		}
		l.fail(n, key, "expected a mapping of keys, found %s", describe(n))
		return nil, false
	}
	var out []keyValue
	first := map[string]int{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		kn, value := n.Content[i], n.Content[i+1]
		if kn.Kind == yaml.ScalarNode && kn.ShortTag() == "!!merge" {
			l.fail(kn, key, "merge keys are not supported; write the keys out")
			continue
		}
		kn = l.plain(kn, key)
		if kn == nil {
			continue
		}
		if kn.Kind != yaml.ScalarNode {
			l.fail(kn, key, "expected a plain key, found %s", describe(kn))
			continue
		}
		name := kn.Value
		full := join(key, name)
		if line, dup := first[name]; dup {
			l.fail(kn, full, "duplicate key (first on line %d)", line)
			continue
		}
		line, _ := position(kn)
		first[name] = line
		out = append(out, keyValue{key: name, keyNode: kn, value: value})
	}
	return out, true
}

// plain rejects YAML features a policy has no use for: anchors, aliases,
// tags and merge keys make a reviewed policy harder to read.
func (l *loader) plain(n *yaml.Node, key string) *yaml.Node {
	switch {
	case n.Kind == yaml.AliasNode || n.Anchor != "":
		l.fail(n, key, "anchors and aliases are not supported; write the value out")
		return nil
	case n.Style&yaml.TaggedStyle != 0:
		l.fail(n, key, "tags are not supported; write a plain value")
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

func describe(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	}
	switch n.ShortTag() {
	case "!!null":
		return "nothing"
	case "!!bool":
		return "a boolean"
	case "!!int", "!!float":
		return "a number"
	}
	return fmt.Sprintf("%q", clip(n.Value, maxQuoted))
}

// oneLine keeps a message on one line whatever the file holds.
func oneLine(s string) string {
	if !strings.ContainsAny(s, "\r\n") {
		return s
	}
	return strings.NewReplacer("\r", `\r`, "\n", `\n`).Replace(s)
}

// scalarText is a scalar's text as written, or a description of a
// collection.
func scalarText(n *yaml.Node) string {
	if n.Kind == yaml.ScalarNode {
		return n.Value
	}
	return describe(n)
}

func (l *loader) str(n *yaml.Node, key string) (string, bool) {
	n = l.plain(n, key)
	if n == nil {
		return "", false
	}
	if n.Kind != yaml.ScalarNode || n.ShortTag() != "!!str" || n.Value == "" {
		l.fail(n, key, "expected a name, found %s", describe(n))
		return "", false
	}
	return n.Value, true
}

func (l *loader) boolean(n *yaml.Node, key string) (bool, bool) {
	n = l.plain(n, key)
	if n == nil {
		return false, false
	}
	var b bool
	if n.Kind != yaml.ScalarNode || n.ShortTag() != "!!bool" || n.Decode(&b) != nil {
		l.fail(n, key, "expected true or false, found %s", describe(n))
		return false, false
	}
	return b, true
}

// names reads a list of column names; an empty list is an error.
func (l *loader) names(n *yaml.Node, key string) ([]string, bool) {
	n = l.plain(n, key)
	if n == nil {
		return nil, false
	}
	if n.Kind != yaml.SequenceNode {
		l.fail(n, key, "expected a list of column names like [id], found %s", describe(n))
		return nil, false
	}
	if len(n.Content) == 0 {
		l.fail(n, key, "the list is empty; name at least one column")
		return nil, false
	}
	var out []string
	seen := map[string]bool{}
	good := true
	for _, v := range n.Content {
		s, ok := l.str(v, key)
		if !ok {
			good = false
			continue
		}
		if !validIdent(s) {
			l.fail(v, key, "%q is not a column name%s", s, tooLong(s))
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

func (l *loader) column(n *yaml.Node, key string) (string, bool) {
	s, ok := l.str(n, key)
	if !ok {
		return "", false
	}
	if !validIdent(s) {
		l.fail(n, key, "%q is not a column name%s", s, tooLong(s))
		return "", false
	}
	return s, true
}

// MaxName is the longest table, schema or column name, in bytes: longer
// than any database allows (PostgreSQL 63, MySQL 64, SQLite's are
// unlimited but nobody writes them).
const MaxName = 128

// validIdent accepts any name a dialect can quote: non-empty, at most
// MaxName bytes, no control characters, no NUL.
func validIdent(s string) bool {
	if s == "" || len(s) > MaxName {
		return false
	}
	for _, r := range s {
		if r < 0x20 || r == 0x7f || r == '\uFFFD' {
			return false
		}
	}
	return true
}

// tooLong says why a name longer than MaxName is refused, or "".
func tooLong(s string) string {
	for _, p := range strings.Split(s, ".") {
		if len(p) > MaxName {
			return fmt.Sprintf(": a name is at most %d bytes, and this one has %d", MaxName, len(p))
		}
	}
	return ""
}

func (l *loader) audit(n *yaml.Node) *Audit {
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

func (l *loader) roles(n *yaml.Node) []*Role {
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
			case "change_schema":
				r.ChangeSchema = v
			default:
				l.fail(p.keyNode, pkey, "unknown permission; expected see_deleted, restore, erase, purge or change_schema")
			}
		}
		out = append(out, r)
	}
	return out
}

func (l *loader) tables(n *yaml.Node) []*Table {
	kvs, ok := l.mapping(n, "tables")
	if !ok {
		return nil
	}
	if len(kvs) == 0 {
		l.fail(n, "tables", "empty; a policy names at least one table")
		return nil
	}
	var out []*Table
	seen := map[string]*relationTables{}
	for _, kv := range kvs {
		t := l.table(kv)
		if t == nil {
			continue
		}
		rel := strings.ToLower(t.Relation)
		rt := seen[rel]
		if rt == nil {
			rt = &relationTables{bySchema: map[string]*Table{}}
			seen[rel] = rt
		}
		if o := rt.overlap(t); o != nil {
			l.fail(kv.keyNode, "tables."+kv.key, "names the same table as %s (line %d); a reference to %s would match both", o.Name, o.Line, t.Relation)
			continue
		}
		rt.add(t)
		out = append(out, t)
	}
	return out
}

// relationTables are the tables of one relation name (lower case), so
// that each new table is checked against the others in constant time.
type relationTables struct {
	first       *Table            // the first of them
	unqualified *Table            // the one without a schema
	bySchema    map[string]*Table // lower-case schema → table
}

// overlap returns a table already seen that one SQL reference could match
// together with t, or nil: names match case-insensitively, and an
// unqualified policy name matches the relation in every schema.
func (rt *relationTables) overlap(t *Table) *Table {
	if rt.first == nil {
		return nil
	}
	if t.Schema == "" {
		return rt.first
	}
	if rt.unqualified != nil {
		return rt.unqualified
	}
	return rt.bySchema[strings.ToLower(t.Schema)]
}

func (rt *relationTables) add(t *Table) {
	if rt.first == nil {
		rt.first = t
	}
	if t.Schema == "" {
		rt.unqualified = t
	} else {
		rt.bySchema[strings.ToLower(t.Schema)] = t
	}
}

func (l *loader) table(kv keyValue) *Table {
	key := "tables." + kv.key
	schema, rel, ok := splitName(kv.key)
	if !ok {
		l.fail(kv.keyNode, key, "%q is not a table name; expected name or schema.name%s", kv.key, tooLong(kv.key))
		return nil
	}
	line, _ := position(kv.keyNode)
	t := &Table{Name: kv.key, Schema: schema, Relation: rel, Line: line}
	fields, ok := l.mapping(kv.value, key)
	if !ok {
		return nil
	}
	nodes := map[string]*yaml.Node{}
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
		case "owner":
			t.Owner = l.owner(f.value, fkey)
		case "erase":
			switch s, _ := l.str(f.value, fkey); s {
			case "anonymize":
				t.Erase = EraseAnonymize
			case "purge":
				t.Erase = ErasePurge
			case "":
			default:
				l.fail(f.value, fkey, "unknown erasure %q; expected anonymize (personal columns replaced, the row a tombstone that cannot be restored) or purge (the rows deleted for good)", s)
			}
		default:
			l.fail(f.keyNode, fkey, "unknown key; expected delete, column, marker, key, restore_window, after_window, personal, anonymize_with, unique, retention, after_retention, expire_after, age_column, cascade, owner or erase")
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
	only("erase", Soft, ": an erasure keeps retain rows and deletes hard ones")
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
func (l *loader) replacements(n *yaml.Node, key string) map[string]string {
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
		if v == nil {
			continue
		}
		if tag := v.ShortTag(); v.Kind != yaml.ScalarNode || tag != "!!str" && tag != "!!int" && tag != "!!float" {
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
func (l *loader) uniqueKeys(n *yaml.Node, key string) ([][]string, bool) {
	n = l.plain(n, key)
	if n == nil {
		return nil, false
	}
	if n.Kind != yaml.SequenceNode || len(n.Content) == 0 {
		l.fail(n, key, "expected a list of unique keys like [email, [tenant_id, slug]], found %s", describe(n))
		return nil, false
	}
	var out [][]string
	good := true
	for _, v := range n.Content {
		if v.Kind == yaml.SequenceNode {
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

func (l *loader) duration(n *yaml.Node, key string) Duration {
	n = l.plain(n, key)
	if n == nil {
		return Duration{}
	}
	d, err := ParseDuration(clip(scalarText(n), maxQuoted))
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
