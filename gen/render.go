package gen

import (
	"bytes"
	"fmt"
	"go/format"
	"sort"
	"strconv"
	"strings"

	"github.com/tombstone-sql/tombstone/policy"
)

// model is what the Go file says, every list sorted.
type model struct {
	pkg, source, dialect string
	flavor               Flavor
	governed             []*policy.Table   // every governed table, by name
	soft                 []*handle         // the soft tables, by name
	roles                []*policy.Role    // by name
	subjects             []*policy.Subject // by kind
	imports              map[string]bool
}

// handle is one soft table's handle.
type handle struct {
	t    *policy.Table
	name string // Go name: Customers
	keys []key
}

// key is one key column.
type key struct {
	column string // SQL name
	arg    string // parameter name
	field  string // field of the composite key struct
	typ    Type
}

func build(cfg Config) (*model, error) {
	p := cfg.Policy
	d := dialect(cfg.Catalog.Dialect)
	m := &model{pkg: cfg.Package, source: cfg.Source, dialect: d, flavor: cfg.Flavor, imports: map[string]bool{}}
	if m.source == "" {
		m.source = p.Source
	}
	m.governed = append(m.governed, p.Tables...)
	sort.Slice(m.governed, func(i, j int) bool { return m.governed[i].Name < m.governed[j].Name })
	m.roles = append(m.roles, p.Roles...)
	sort.Slice(m.roles, func(i, j int) bool { return m.roles[i].Name < m.roles[j].Name })

	names := map[string]string{}
	for _, t := range m.governed {
		n := goName(t.Name)
		if other, ok := names[n]; ok {
			return nil, fmt.Errorf("%w: tables %s and %s both become Go name %s; rename one of them", ErrConfig, other, t.Name, n)
		}
		names[n] = t.Name
		if t.Rule != policy.Soft {
			continue
		}
		ct := cfg.Catalog.lookup(t)
		if ct == nil {
			return nil, fmt.Errorf("%w: %s (%s line %d) is not in the %s catalog; create it, or check the policy's table name", ErrNoTable, t.Name, p.Source, t.Line, d)
		}
		h := &handle{t: t, name: n}
		fields := map[string]bool{}
		for _, k := range t.Key {
			c := ct.column(k)
			if c == nil {
				return nil, fmt.Errorf("%w: %s has no column %s, which the policy names in its key (%s line %d)", ErrNoColumn, t.Name, k, p.Source, t.Line)
			}
			gt, err := GoType(d, cfg.Flavor, t.Name, *c)
			if err != nil {
				return nil, err
			}
			f := goName(k)
			if fields[f] {
				return nil, fmt.Errorf("%w: key columns of %s both become Go field %s; rename one of them", ErrConfig, t.Name, f)
			}
			fields[f] = true
			h.keys = append(h.keys, key{column: k, arg: argName(k), field: f, typ: gt})
		}
		m.soft = append(m.soft, h)
	}
	m.subjects = append(m.subjects, p.Subjects...)
	sort.Slice(m.subjects, func(i, j int) bool { return m.subjects[i].Kind < m.subjects[j].Kind })
	kinds := map[string]string{}
	for _, s := range m.subjects {
		n := goName(s.Kind)
		if other, ok := kinds[n]; ok {
			return nil, fmt.Errorf("%w: subjects %s and %s both become Go name Subject%s; rename one of them", ErrConfig, other, s.Kind, n)
		}
		kinds[n] = s.Kind
	}
	seen := map[string]string{}
	for _, r := range m.roles {
		n := goName(r.Name)
		if other, ok := seen[n]; ok {
			return nil, fmt.Errorf("%w: roles %s and %s both become Go name Role%s; rename one of them", ErrConfig, other, r.Name, n)
		}
		seen[n] = r.Name
	}
	return m, nil
}

// dbType is the type of the database the handles hold.
func (m *model) dbType() string {
	if m.flavor == PgxV5 {
		return "*tombstonepgx.Pool"
	}
	return "*sql.DB"
}

func (m *model) render() ([]byte, error) {
	var body bytes.Buffer
	w := func(format string, args ...any) { fmt.Fprintf(&body, format, args...) }
	m.imports["context"] = true
	m.imports["github.com/tombstone-sql/tombstone"] = true
	if m.flavor == PgxV5 {
		m.imports["github.com/tombstone-sql/tombstone/drivers/pgx"] = true
	} else {
		m.imports["database/sql"] = true
	}
	if len(m.soft) > 0 {
		m.imports["github.com/tombstone-sql/tombstone/policy"] = true
	}

	w("// TombstoneDialect is the SQL dialect the handles were generated for.\n")
	w("const TombstoneDialect = %q\n\n", m.dialect)

	w("// The tables the policy governs, by their policy names.\nconst (\n")
	for _, t := range m.governed {
		comment(&body, "\t", "Table"+goName(t.Name)+" is "+t.Sentence())
		w("\tTable%s = %q\n", goName(t.Name), t.Name)
	}
	w(")\n\n")

	w("// TombstoneRole is a role of the policy. WithRole takes only this type,\n// and only the Role variables below hold one, so a misspelt role, or a\n// string, is a build error.\ntype TombstoneRole struct{ name string }\n\n")
	w("// String returns the role's name in the policy.\nfunc (r TombstoneRole) String() string { return r.name }\n\n")
	if len(m.roles) > 0 {
		w("// The policy's roles.\nvar (\n")
		for _, r := range m.roles {
			comment(&body, "\t", "Role"+goName(r.Name)+": "+r.Sentence())
			w("\tRole%s = TombstoneRole{%q}\n", goName(r.Name), r.Name)
		}
		w(")\n\n")
	}
	w("// WithRole returns a context acting as policy role r (tombstone.WithRole).\n")
	w("func WithRole(ctx context.Context, r TombstoneRole) context.Context {\n\treturn tombstone.WithRole(ctx, r.name)\n}\n\n")

	w("// JobRole returns role r as an option of lifecycle's jobs (lifecycle.WithRole).\n")
	w("func (r TombstoneRole) JobRole() lifecycle.Option { return lifecycle.WithRole(r.name) }\n\n")
	m.imports["github.com/tombstone-sql/tombstone/lifecycle"] = true
	w("// TombstoneHandles holds the typed handle of each soft table of the\n// policy, bound to one database.\ntype TombstoneHandles struct {\n")
	for _, h := range m.soft {
		w("\t%s *%sHandle\n", h.name, h.name)
	}
	w("\n\tdb %s\n\tp  *tombstone.Policy\n}\n\n", m.dbType())
	comment(&body, "", "NewTombstoneHandles binds the handles to db, which must be opened through tombstone with policy p. It fails when p does not govern a table the way the generated code was made from "+m.source+" (rule, tombstone column, marker, key): regenerate then.")
	w("func NewTombstoneHandles(db %s, p *tombstone.Policy) (*TombstoneHandles, error) {\n", m.dbType())
	if len(m.soft) == 0 {
		w("\treturn &TombstoneHandles{db: db, p: p}, nil\n}\n\n")
	} else {
		w("\ths := &TombstoneHandles{db: db, p: p}\n\tvar (\n\t\tt   *policy.Table\n\t\terr error\n\t)\n")
		for _, h := range m.soft {
			cols := []string{strconv.Quote(h.t.Column), strconv.Quote(h.t.Marker.String())}
			for _, k := range h.keys {
				cols = append(cols, strconv.Quote(k.column))
			}
			w("\tif t, err = lifecycle.Generated(p, Table%s, %s); err != nil {\n\t\treturn nil, err\n\t}\n", h.name, strings.Join(cols, ", "))
			w("\ths.%s = &%sHandle{db: db, p: p, t: t}\n", h.name, h.name)
		}
		w("\treturn hs, nil\n}\n\n")
	}
	m.renderSubjects(&body)
	for _, h := range m.soft {
		m.renderHandle(&body, h)
	}

	var out bytes.Buffer
	fmt.Fprintf(&out, "%s\n// Policy: %s; dialect: %s; sql_package: %s.\n\npackage %s\n\n", Header, m.source, m.dialect, m.flavor, m.pkg)
	var paths []string
	for p := range m.imports {
		paths = append(paths, p)
	}
	sort.Slice(paths, func(i, j int) bool {
		a, b := strings.Contains(strings.Split(paths[i], "/")[0], "."), strings.Contains(strings.Split(paths[j], "/")[0], ".")
		if a != b {
			return b
		}
		return paths[i] < paths[j]
	})
	out.WriteString("import (\n")
	std := true
	for _, p := range paths {
		if std && strings.Contains(strings.Split(p, "/")[0], ".") {
			std = false
			out.WriteString("\n")
		}
		if p == "github.com/tombstone-sql/tombstone/drivers/pgx" {
			fmt.Fprintf(&out, "\ttombstonepgx %q\n", p)
			continue
		}
		fmt.Fprintf(&out, "\t%q\n", p)
	}
	out.WriteString(")\n\n")
	out.Write(body.Bytes())
	src, err := format.Source(out.Bytes())
	if err != nil {
		return nil, fmt.Errorf("gen: the generated code does not parse (a bug in tombstone gen): %w", err)
	}
	return src, nil
}

func (m *model) renderHandle(b *bytes.Buffer, h *handle) {
	w := func(format string, args ...any) { fmt.Fprintf(b, format, args...) }
	t := h.t
	for _, k := range h.keys {
		if k.typ.Import != "" {
			m.imports[k.typ.Import] = true
		}
	}
	// The key: its Go type, the parameter list, the lifecycle.Key and the
	// scan destinations.
	var keyType, params, dests string
	var pairs []string
	if len(h.keys) == 1 {
		k := h.keys[0]
		keyType = k.typ.Name
		params = k.arg + " " + k.typ.Name
		pairs = append(pairs, fmt.Sprintf("%q: %s", k.column, k.arg))
		dests = "k"
	} else {
		keyType = h.name + "Key"
		params = "key " + keyType
		var ds []string
		for _, k := range h.keys {
			pairs = append(pairs, fmt.Sprintf("%q: key.%s", k.column, k.field))
			ds = append(ds, "&k."+k.field)
		}
		dests = strings.Join(ds, ", ")
		comment(b, "", fmt.Sprintf("%s is the key of %s: (%s).", keyType, t.Name, strings.Join(t.Key, ", ")))
		w("type %s struct {\n", keyType)
		for _, k := range h.keys {
			w("\t%s %s\n", k.field, k.typ.Name)
		}
		w("}\n\n")
	}
	keyWords := "the key " + h.keys[0].arg
	if len(h.keys) > 1 {
		keyWords = "key"
	}

	comment(b, "", fmt.Sprintf("%sHandle is the typed handle of table %s, whose rule is:", h.name, t.Name))
	w("//\n")
	comment(b, "", t.Sentence())
	w("type %sHandle struct {\n\tdb %s\n\tp  *tombstone.Policy\n\tt  *policy.Table\n}\n\n", h.name, m.dbType())

	comment(b, "", fmt.Sprintf("%sTombstone is one tombstone of %s, as %sHandle.Tombstones lists it.", h.name, t.Name, h.name))
	w("type %sTombstone = lifecycle.Tombstone[%s]\n\n", h.name, keyType)

	comment(b, "", fmt.Sprintf("WithDeleted returns a context in which statements also see the tombstones of %s.", t.Name))
	w("func (h *%sHandle) WithDeleted(ctx context.Context) context.Context {\n\treturn tombstone.WithDeleted(ctx, Table%s)\n}\n\n", h.name, h.name)
	comment(b, "", fmt.Sprintf("OnlyDeleted returns a context in which statements see only the tombstones of %s.", t.Name))
	w("func (h *%sHandle) OnlyDeleted(ctx context.Context) context.Context {\n\treturn tombstone.OnlyDeleted(ctx, Table%s)\n}\n\n", h.name, h.name)
	comment(b, "", fmt.Sprintf("HardDelete returns a context in which a DELETE of %s really deletes (tombstone.HardDelete; with roles, the role needs purge). With OnlyDeleted it purges tombstones only.", t.Name))
	w("func (h *%sHandle) HardDelete(ctx context.Context) context.Context {\n\treturn tombstone.HardDelete(ctx)\n}\n\n", h.name)

	window := "at any time (the policy sets no restore window)"
	if !t.RestoreWindow.IsZero() {
		window = "within its restore window of " + t.RestoreWindow.Words() + "; after it the error is tombstone.ErrWindowClosed"
	}
	comment(b, "", fmt.Sprintf("Restore brings back the tombstone of %s with %s, %s (lifecycle.Restore). A live row is tombstone.ErrNotDeleted, a missing one tombstone.ErrNoRow; with roles, the context's role needs see_deleted and restore.", t.Name, keyWords, window))
	w("func (h *%sHandle) Restore(ctx context.Context, %s) error {\n", h.name, params)
	w("\treturn lifecycle.Restore(ctx, h.db, TombstoneDialect, h.t, lifecycle.Key{%s})\n}\n\n", strings.Join(pairs, ", "))

	comment(b, "", fmt.Sprintf("Purge deletes for good the tombstone of %s with %s (lifecycle.Purge); a live row is never purged (tombstone.ErrNotDeleted). With roles, the context's role needs see_deleted and purge.", t.Name, keyWords))
	w("func (h *%sHandle) Purge(ctx context.Context, %s) error {\n", h.name, params)
	w("\treturn lifecycle.Purge(ctx, h.db, TombstoneDialect, h.t, lifecycle.Key{%s})\n}\n\n", strings.Join(pairs, ", "))

	comment(b, "", fmt.Sprintf("Tombstones lists the tombstones of %s in key order, with when, by whom and why each was deleted, from the audit trail (lifecycle.Tombstones; at most 1,000 unless lifecycle.Limit says otherwise). With roles, the context's role needs see_deleted.", t.Name))
	w("func (h *%sHandle) Tombstones(ctx context.Context, opts ...lifecycle.ListOption) ([]%sTombstone, error) {\n", h.name, h.name)
	w("\treturn lifecycle.Tombstones(ctx, h.db, TombstoneDialect, h.p, Table%s, func(k *%s) []any { return []any{%s} }, opts...)\n}\n\n", h.name, keyType, dests)
}

// comment writes text as a // comment wrapped at 76 columns.
func comment(b *bytes.Buffer, indent, text string) {
	line := indent + "//"
	for _, word := range strings.Fields(text) {
		if len(line)+1+len(word) > 76 && line != indent+"//" {
			b.WriteString(line + "\n")
			line = indent + "//"
		}
		line += " " + word
	}
	b.WriteString(line + "\n")
}

// renderSubjects writes the subject kinds' constants and an erasure
// method per kind (lifecycle.Erase takes either front door).
func (m *model) renderSubjects(b *bytes.Buffer) {
	if len(m.subjects) == 0 {
		return
	}
	w := func(format string, args ...any) { fmt.Fprintf(b, format, args...) }
	w("// The policy's subject kinds: the people a privacy erasure is for.\nconst (\n")
	for _, s := range m.subjects {
		comment(b, "\t", "Subject"+goName(s.Kind)+" is a "+s.Kind+": "+subjectWords(s)+".")
		w("\tSubject%s = %q\n", goName(s.Kind), s.Kind)
	}
	w(")\n\n")
	for _, s := range m.subjects {
		n := goName(s.Kind)
		comment(b, "", fmt.Sprintf("Erase%s carries out the privacy erasure of the %s with id (lifecycle.Erase): %s. lifecycle.WithActor and lifecycle.WithReason are required; with roles, pass a role with erase (RoleX.JobRole()).", n, s.Kind, subjectWords(s)))
		w("func (hs *TombstoneHandles) Erase%s(ctx context.Context, id string, opts ...lifecycle.Option) (*lifecycle.Receipt, error) {\n", n)
		w("\treturn lifecycle.Erase(ctx, hs.db, hs.p, TombstoneDialect, lifecycle.Subject{Kind: Subject%s, ID: id}, opts...)\n}\n\n", n)
	}
}

// subjectWords says where a subject's rows are: "rows of customers (id)
// and invoices (customer_id)".
func subjectWords(s *policy.Subject) string {
	var parts []string
	for _, st := range s.Tables {
		parts = append(parts, st.Table.Name+" ("+strings.Join(st.Columns, ", ")+")")
	}
	switch len(parts) {
	case 0:
		return "no rows"
	case 1:
		return "the rows of " + parts[0]
	}
	return "the rows of " + strings.Join(parts[:len(parts)-1], ", ") + " and " + parts[len(parts)-1]
}
