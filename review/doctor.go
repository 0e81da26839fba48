package review

import (
	"context"
	"database/sql"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/tombstone-sql/tombstone/internal/catalog"
	"github.com/tombstone-sql/tombstone/lint"
	"github.com/tombstone-sql/tombstone/policy"
	"github.com/tombstone-sql/tombstone/rewrite"
	"github.com/tombstone-sql/tombstone/schema"
)

// DefaultLargeTable is the row count from which a soft table without an
// index serving its live predicate gets advice.
const DefaultLargeTable = 100_000

// Finding is one way the database is not set up as the policy needs.
type Finding struct {
	Rule     *lint.Rule
	Severity lint.Severity
	// Table is the policy name of the table, "" for the policy as a whole
	// (the audit table); Column the column, when the finding is about one.
	Table  string
	Column string
	// Line is the line of the table's entry in the policy file, 0 for the
	// file as a whole.
	Line int
	// Message says what is wrong and what to change.
	Message string
	// Fix is the DDL that fixes it, when there is one.
	Fix string
}

// DoctorOption configures Doctor.
type DoctorOption func(*doctorConfig)

type doctorConfig struct{ large int64 }

// WithLargeTable sets the row count from which a soft table is large
// enough for the no-live-index advice (default DefaultLargeTable).
func WithLargeTable(rows int64) DoctorOption { return func(c *doctorConfig) { c.large = rows } }

// Doctor checks that db, a plain connection to a database of the named
// dialect, is set up the way policy p needs, and returns what is not, in
// policy order. It only reads the catalog (and, for the no-live-index
// advice, counts a soft table's rows up to the large-table size).
func Doctor(ctx context.Context, db *sql.DB, p *policy.Policy, dialect string, opts ...DoctorOption) ([]Finding, error) {
	cfg := &doctorConfig{large: DefaultLargeTable}
	for _, o := range opts {
		o(cfg)
	}
	if err := plain(db); err != nil {
		return nil, err
	}
	d, err := newDialect(dialect)
	if err != nil {
		return nil, err
	}
	tables, err := catalog.Read(ctx, db, d.name)
	if err != nil {
		return nil, fmt.Errorf("review: reading the database's tables: %w", err)
	}
	details, err := catalog.ReadDetails(ctx, db, d.name)
	if err != nil {
		return nil, fmt.Errorf("review: reading the database's indexes, foreign keys and triggers: %w", err)
	}
	migrate, err := schema.Migrate(p, d.name)
	if err != nil {
		return nil, err
	}
	doc := &doctor{ctx: ctx, db: db, d: d, p: p, cfg: cfg, tables: tables, details: details, migrate: migrate, found: map[*policy.Table]*catalog.Table{}}
	for _, t := range p.Tables {
		if ct := doc.lookup(t.Schema, t.Relation); ct != nil {
			doc.found[t] = ct
		}
	}
	doc.audit()
	for _, t := range p.Tables {
		if err := doc.table(t); err != nil {
			return nil, err
		}
	}
	doc.foreignKeys()
	doc.staleTriggers()
	return doc.out, nil
}

type doctor struct {
	ctx     context.Context
	db      *sql.DB
	d       *dialect
	p       *policy.Policy
	cfg     *doctorConfig
	tables  []*catalog.Table
	details *catalog.Details
	migrate []schema.Statement
	found   map[*policy.Table]*catalog.Table
	out     []Finding
}

func (doc *doctor) add(rule *lint.Rule, t *policy.Table, column, fix, format string, args ...any) {
	f := Finding{Rule: rule, Severity: rule.Severity, Column: column, Message: fmt.Sprintf(format, args...), Fix: fix}
	if t != nil {
		f.Table, f.Line = t.Name, t.Line
	}
	doc.out = append(doc.out, f)
}

// lookup finds a table of the catalog by schema (empty: any the connection
// sees) and name.
func (doc *doctor) lookup(schemaName, name string) *catalog.Table {
	for _, ct := range doc.tables {
		if strings.EqualFold(ct.Name, name) && (schemaName == "" || doc.d.name == "mysql" || strings.EqualFold(ct.Schema, schemaName)) {
			return ct
		}
	}
	return nil
}

// governed returns the policy table of a catalog table, or nil.
func (doc *doctor) governed(schemaName, name string) *policy.Table {
	for t, ct := range doc.found {
		if strings.EqualFold(ct.Name, name) && (doc.d.name != "postgres" || strings.EqualFold(ct.Schema, schemaName)) {
			return t
		}
	}
	return nil
}

// statements renders the migrate statements that match keep, as a script.
func statements(stmts []schema.Statement, keep func(schema.Statement) bool) string {
	var picked []schema.Statement
	for _, s := range stmts {
		if keep(s) {
			picked = append(picked, schema.Statement{SQL: s.SQL})
		}
	}
	var b strings.Builder
	_ = schema.Write(&b, picked)
	return strings.TrimSuffix(b.String(), "\n")
}

func (doc *doctor) table(t *policy.Table) error {
	ct := doc.found[t]
	if ct == nil {
		where := "the database"
		if doc.d.name == "postgres" {
			where = "the schemas on the connection's search_path"
		}
		doc.add(MissingTable, t, "", "", "%s (line %d of the policy) is not a table of %s; create it, fix the name, or remove the entry", t.Name, t.Line, where)
		return nil
	}
	col := func(name string) *catalog.Column { return ct.Column(name) }
	missing := func(kind, name string) {
		doc.add(MissingColumn, t, name, "", "%s has no column %s (%s, line %d of the policy); fix the name in the policy or add the column", t.Name, name, kind, t.Line)
	}
	for _, k := range t.Key {
		if col(k) == nil {
			missing("key", k)
		}
	}
	for _, c := range t.Personal {
		if col(c) == nil {
			missing("personal", c)
		}
	}
	if t.AgeColumn != "" && col(t.AgeColumn) == nil {
		missing("age_column", t.AgeColumn)
	}
	for _, c := range t.Cascades {
		child := doc.found[c.Child]
		if child == nil {
			continue // reported as a missing table
		}
		for _, name := range c.Columns {
			if child.Column(name) == nil {
				doc.add(MissingColumn, c.Child, name, "", "%s has no column %s (a cascade from %s, line %d of the policy); fix the cascade's columns or add the column", c.Child.Name, name, t.Name, c.Line)
			}
		}
	}
	for _, sub := range doc.p.Subjects {
		for _, st := range sub.Tables {
			if st.Table != t {
				continue
			}
			for _, name := range st.Columns {
				if col(name) == nil {
					doc.add(MissingColumn, t, name, "", "%s has no column %s (subject %s, line %d of the policy); fix the subject's column or add it", t.Name, name, sub.Kind, st.Line)
				}
			}
		}
	}
	if doc.anonymizes(t) {
		doc.personalNotNull(t, ct)
	}
	if t.Rule != policy.Soft {
		return nil
	}
	marker := col(t.Column)
	if marker == nil {
		doc.add(MissingTombstoneColumn, t, t.Column, doc.markerDDL(t), "%s has no tombstone column %s (a %s marker, line %d of the policy); add it with the DDL below", t.Name, t.Column, t.Marker, t.Line)
	} else {
		doc.markerShape(t, marker)
	}
	doc.unique(t, ct)
	return doc.liveIndex(t, marker)
}

// markerDDL is what tombstone migrate adds for t's tombstone column.
func (doc *doctor) markerDDL(t *policy.Table) string {
	return statements(doc.migrate, func(s schema.Statement) bool {
		return strings.HasPrefix(s.Comment, t.Name+": the tombstone column")
	})
}

// baseType is a column type without its size, unsignedness or precision.
func baseType(typ string) string {
	typ = strings.ToLower(strings.TrimSpace(typ))
	if i := strings.IndexByte(typ, '('); i >= 0 {
		rest := ""
		if j := strings.IndexByte(typ[i:], ')'); j >= 0 {
			rest = typ[i+j+1:]
		}
		typ = typ[:i] + rest
	}
	return strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(typ), " unsigned"))
}

var markerTypes = map[string]map[policy.Marker][]string{
	"postgres": {
		policy.Timestamp: {"timestamp with time zone", "timestamp without time zone"},
		policy.Flag:      {"boolean"},
		policy.Unix:      {"bigint", "integer"},
	},
	"mysql": {
		policy.Timestamp: {"datetime", "timestamp"},
		policy.Flag:      {"tinyint", "boolean", "bool", "bit"},
		policy.Unix:      {"bigint", "int"},
	},
	"sqlite": {
		policy.Timestamp: {"text", "datetime", "timestamp", ""},
		policy.Flag:      {"integer", "int", "boolean", "bool", "tinyint"},
		policy.Unix:      {"integer", "int", "bigint"},
	},
}

// falsy reports whether a column default is the live value of a flag or
// unix marker.
func falsy(def string) bool {
	v := strings.ToLower(strings.Trim(strings.TrimSpace(def), "'()"))
	return v == "0" || v == "false" || v == "b'0'"
}

func (doc *doctor) markerShape(t *policy.Table, c *catalog.Column) {
	fix := doc.markerDDL(t)
	bad := func(format string, args ...any) {
		doc.add(TombstoneColumnMismatch, t, c.Name, fix, "%s.%s %s; tombstone migrate adds it as below", t.Name, c.Name, fmt.Sprintf(format, args...))
	}
	if !slices.Contains(markerTypes[doc.d.name][t.Marker], baseType(c.Type)) {
		bad("is %s, which does not hold a %s marker", c.Type, t.Marker)
		return
	}
	switch t.Marker {
	case policy.Timestamp:
		if !c.Nullable {
			bad("is NOT NULL, but a timestamp marker is NULL on live rows; drop NOT NULL")
		} else if c.Default != "" {
			bad("defaults to %s, so every new row is a tombstone; drop the default", c.Default)
		}
	case policy.Flag:
		if c.Default != "" && !falsy(c.Default) {
			bad("defaults to %s, so every new row is a tombstone; make the default false", c.Default)
		} else if !c.Nullable && c.Default == "" {
			bad("is NOT NULL with no default, so an INSERT that leaves it out fails; add DEFAULT false")
		}
	case policy.Unix:
		if c.Nullable {
			bad("is nullable, but a unix marker is 0 on live rows and a NULL row is neither live nor a tombstone; make it NOT NULL DEFAULT 0")
		} else if !falsy(c.Default) {
			what := "has no default"
			if c.Default != "" {
				what = "defaults to " + c.Default
			}
			bad("%s, so a new row is not live unless it sets the column; make it DEFAULT 0", what)
		}
	}
}

// anonymizes reports whether anything anonymizes t's rows: expire after
// its window or retention, or an erasure of a subject it holds rows of.
func (doc *doctor) anonymizes(t *policy.Table) bool {
	switch {
	case t.Rule == policy.Soft && t.AfterWindow == policy.Anonymize, t.Rule == policy.Retain && t.AfterRetention == policy.Anonymize:
		return true
	case t.Rule == policy.Hard || t.Rule == policy.Soft && t.Erase == policy.ErasePurge:
		return false
	}
	for _, sub := range doc.p.Subjects {
		for _, st := range sub.Tables {
			if st.Table == t {
				return true
			}
		}
	}
	return false
}

// personalNotNull finds NOT NULL personal columns anonymizing would set
// to NULL.
func (doc *doctor) personalNotNull(t *policy.Table, ct *catalog.Table) {
	for _, name := range t.Personal {
		c := ct.Column(name)
		if c == nil || c.Nullable {
			continue
		}
		has := false
		for k := range t.AnonymizeWith {
			if strings.EqualFold(k, name) {
				has = true
			}
		}
		if !has {
			doc.add(PersonalNotNull, t, name, "", "%s.%s is personal and NOT NULL, but anonymize_with gives no value for it, so anonymizing (an expiry or an erasure) would write NULL and fail; add `anonymize_with: {%s: …}` to %s (line %d), or make the column nullable", t.Name, name, name, t.Name, t.Line)
		}
	}
}

// erasedIndex reports whether the audit table has an index led by
// (action, table_name), which the restore triggers' look-up of erase rows
// uses.
func (doc *doctor) erasedIndex(ct *catalog.Table) bool {
	return doc.ledBy(ct, "action", "table_name")
}

// ledBy reports whether table ct has an index whose first columns are
// cols, in that order.
func (doc *doctor) ledBy(ct *catalog.Table, cols ...string) bool {
	for _, ix := range doc.indexes(ct) {
		if len(ix.Columns) < len(cols) {
			continue
		}
		led := true
		for i, c := range cols {
			led = led && strings.EqualFold(ix.Columns[i], c)
		}
		if led {
			return true
		}
	}
	return false
}

// indexes returns the catalog's indexes of a table.
func (doc *doctor) indexes(ct *catalog.Table) []catalog.Index {
	var out []catalog.Index
	for _, ix := range doc.details.Indexes {
		if strings.EqualFold(ix.Table, ct.Name) && (doc.d.name != "postgres" || ix.Schema == ct.Schema) {
			out = append(out, ix)
		}
	}
	return out
}

// liveOnly reports whether a unique index holds t's live rows only.
func (doc *doctor) liveOnly(t *policy.Table, ix catalog.Index) bool {
	if doc.d.name == "mysql" {
		return slices.ContainsFunc(ix.Columns, func(c string) bool { return strings.EqualFold(c, "tombstone_live") })
	}
	return ix.Predicate != "" && mentions(ix.Predicate, t.Column)
}

// mentions reports whether SQL text names a column (quoted or not).
func mentions(text, column string) bool {
	re := regexp.MustCompile(`(?i)(^|[^A-Za-z0-9_])["` + "`" + `]?` + regexp.QuoteMeta(column) + `["` + "`" + `]?($|[^A-Za-z0-9_])`)
	return re.MatchString(text)
}

func sameColumns(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for _, x := range a {
		if !slices.ContainsFunc(b, func(y string) bool { return strings.EqualFold(x, y) }) {
			return false
		}
	}
	return true
}

// unique checks a soft table's unique keys.
func (doc *doctor) unique(t *policy.Table, ct *catalog.Table) {
	ixs := doc.indexes(ct)
	for _, ix := range ixs {
		if !ix.Unique || ix.Primary || doc.liveOnly(t, ix) {
			continue
		}
		cols := ix.Columns
		if slices.ContainsFunc(cols, func(c string) bool { return strings.EqualFold(c, t.Column) }) {
			continue // the marker is part of the key
		}
		plainCols := true
		for _, c := range cols {
			if ct.Column(c) == nil {
				plainCols = false
			}
		}
		msg := fmt.Sprintf("unique key %s of %s on (%s) counts tombstones: a new row cannot reuse a deleted row's %s", ix.Name, t.Name, strings.Join(cols, ", "), strings.Join(cols, ", "))
		if !plainCols {
			doc.add(UniqueCountsTombstones, t, "", "", "%s; make it a partial index of live rows (WHERE %s)", msg, livePredicate(t, doc.d.Quote(t.Column)))
			continue
		}
		fix := doc.liveUniqueDDL(t, cols)
		drop := doc.dropIndex(ct, ix)
		if drop != "" {
			fix += "\n" + drop
		}
		how := "add [" + strings.Join(cols, ", ") + "] to the `unique:` of " + t.Name + " (line " + fmt.Sprint(t.Line) + ") and run this DDL, which tombstone migrate then prints"
		if slices.ContainsFunc(t.Unique, func(key []string) bool { return sameColumns(key, cols) }) {
			how = "the policy's `unique:` of " + t.Name + " (line " + fmt.Sprint(t.Line) + ") has it: run this DDL (tombstone migrate's live-only key, then the drop of the plain one)"
		}
		if doc.d.name == "sqlite" && ix.Constraint {
			how += "; the key comes from the table's UNIQUE constraint, which SQLite cannot drop: rebuild the table without it"
		}
		doc.add(UniqueCountsTombstones, t, "", fix, "%s; %s", msg, how)
	}
	for _, key := range t.Unique {
		ok := slices.ContainsFunc(ixs, func(ix catalog.Index) bool {
			cols := slices.DeleteFunc(slices.Clone(ix.Columns), func(c string) bool { return strings.EqualFold(c, "tombstone_live") })
			return ix.Unique && doc.liveOnly(t, ix) && sameColumns(cols, key)
		})
		if !ok {
			doc.add(MissingLiveUnique, t, "", doc.liveUniqueDDL(t, key), "%s has no unique key on (%s) among live rows, which its `unique:` (line %d) asks for; run the DDL below", t.Name, strings.Join(key, ", "), t.Line)
		}
	}
}

// livePredicate is t's live predicate on column col (quoted or not).
func livePredicate(t *policy.Table, col string) string { return rewrite.Predicate(t.Marker, col, true) }

// liveUniqueDDL is what tombstone migrate prints for a live-only unique key
// on cols of t.
func (doc *doctor) liveUniqueDDL(t *policy.Table, cols []string) string {
	cp := *t
	cp.Unique = [][]string{cols}
	pp := *doc.p
	pp.Audit = nil
	pp.Tables = []*policy.Table{&cp}
	stmts, err := schema.Migrate(&pp, doc.d.name)
	if err != nil {
		return ""
	}
	return statements(stmts, func(s schema.Statement) bool {
		return strings.HasPrefix(s.Comment, t.Name+": 1 on live rows") || strings.HasPrefix(s.Comment, t.Name+": ("+strings.Join(cols, ", ")+") is unique among live rows")
	})
}

// dropIndex is the DDL that drops a plain unique key, or "" when the
// database cannot drop it alone.
func (doc *doctor) dropIndex(ct *catalog.Table, ix catalog.Index) string {
	table := doc.d.table(qualified(ct))
	switch doc.d.name {
	case "postgres":
		if ix.Constraint {
			return "ALTER TABLE " + table + " DROP CONSTRAINT " + doc.d.Quote(ix.Name) + ";"
		}
		return "DROP INDEX " + doc.d.table(qualifiedName(ct.Schema, ix.Name)) + ";"
	case "mysql":
		return "ALTER TABLE " + table + " DROP INDEX " + doc.d.Quote(ix.Name) + ";"
	}
	if ix.Constraint {
		return ""
	}
	return "DROP INDEX " + doc.d.Quote(ix.Name) + ";"
}

func qualified(ct *catalog.Table) string { return qualifiedName(ct.Schema, ct.Name) }

func qualifiedName(schemaName, name string) string {
	if schemaName == "" {
		return name
	}
	return schemaName + "." + name
}

// liveIndex advises an index serving the live predicate on a large soft
// table.
func (doc *doctor) liveIndex(t *policy.Table, marker *catalog.Column) error {
	if marker == nil {
		return nil
	}
	ct := doc.found[t]
	for _, ix := range doc.indexes(ct) {
		if len(ix.Columns) > 0 && strings.EqualFold(ix.Columns[0], t.Column) || ix.Predicate != "" && mentions(ix.Predicate, t.Column) {
			return nil
		}
	}
	var n int64
	q := "SELECT count(*) FROM (SELECT 1 FROM " + doc.d.table(qualified(ct)) + " LIMIT " + fmt.Sprint(doc.cfg.large) + ") s"
	if err := doc.db.QueryRowContext(doc.ctx, q).Scan(&n); err != nil {
		return fmt.Errorf("review: counting the rows of %s: %w", t.Name, err)
	}
	if n < doc.cfg.large {
		return nil
	}
	idx := doc.d.Quote(t.Relation + "_" + t.Column + "_idx")
	fix := "CREATE INDEX " + idx + " ON " + doc.d.table(t.Name) + " (" + doc.d.Quote(t.Column) + ");"
	doc.add(NoLiveIndex, t, t.Column, fix, "%s has at least %d rows and no index that serves its live predicate (%s); consider an index led by %s", t.Name, doc.cfg.large, livePredicate(t, t.Column), t.Column)
	return nil
}

// foreignKeys finds foreign keys whose ON DELETE action deletes or changes
// governed rows.
func (doc *doctor) foreignKeys() {
	for _, fk := range doc.details.ForeignKeys {
		child := doc.governed(fk.Schema, fk.Table)
		if child == nil {
			continue
		}
		switch fk.OnDelete {
		case "CASCADE", "SET NULL", "SET DEFAULT":
		default:
			continue
		}
		effect := "deletes its referencing " + child.Name + " rows"
		if fk.OnDelete != "CASCADE" {
			effect = "changes " + strings.Join(fk.Columns, ", ") + " of its referencing " + child.Name + " rows"
		}
		what := map[policy.Rule]string{
			policy.Soft:   "a soft table's rows vanish instead of becoming tombstones",
			policy.Hard:   "the policy's audit of the delete is bypassed",
			policy.Retain: "a retain table's rows go before their retention ends",
		}[child.Rule]
		if fk.OnDelete != "CASCADE" {
			what = "a governed table changes without its policy"
		}
		ct := doc.found[child]
		fix := doc.restrictDDL(ct, fk)
		msg := fmt.Sprintf("foreign key %s of %s (%s) references %s ON DELETE %s: deleting a row of %s %s (%s); make it ON DELETE RESTRICT",
			fk.Name, child.Name, strings.Join(fk.Columns, ", "), fk.RefTable, fk.OnDelete, fk.RefTable, effect, what)
		if child.Rule == policy.Soft {
			msg += ", and let `cascade:` in the policy tombstone the children"
		}
		if fix == "" {
			msg += "; SQLite cannot change a foreign key in place: rebuild the table with ON DELETE RESTRICT"
		}
		doc.add(CascadingForeignKey, child, strings.Join(fk.Columns, ", "), fix, "%s", msg)
	}
}

// restrictDDL replaces a foreign key with the same one ON DELETE RESTRICT.
func (doc *doctor) restrictDDL(ct *catalog.Table, fk catalog.ForeignKey) string {
	quote := func(cols []string) string {
		out := make([]string, len(cols))
		for i, c := range cols {
			out[i] = doc.d.Quote(c)
		}
		return strings.Join(out, ", ")
	}
	table := doc.d.table(qualified(ct))
	ref := doc.d.table(qualifiedName(fk.RefSchema, fk.RefTable))
	add := "ADD CONSTRAINT " + doc.d.Quote(fk.Name) + " FOREIGN KEY (" + quote(fk.Columns) + ") REFERENCES " + ref + " (" + quote(fk.RefColumns) + ") ON DELETE RESTRICT"
	switch doc.d.name {
	case "postgres":
		return "ALTER TABLE " + table + " DROP CONSTRAINT " + doc.d.Quote(fk.Name) + ", " + add + ";"
	case "mysql":
		return "ALTER TABLE " + table + " DROP FOREIGN KEY " + doc.d.Quote(fk.Name) + ", " + add + ";"
	}
	return ""
}

// auditColumns are the columns the audit triggers and tombstone write.
var auditColumns = []string{"at", "actor", "reason", "action", "table_name", "row_key"}

// audit checks the audit table and, on PostgreSQL and MySQL, each governed
// table's audit triggers (SQLite's are per connection: tombstone creates
// them).
func (doc *doctor) audit() {
	if doc.p.Audit == nil {
		return
	}
	a := doc.p.Audit.Table
	schemaName, rel, ok := strings.Cut(a, ".")
	if !ok {
		schemaName, rel = "", a
	}
	ddl := statements(doc.migrate, func(s schema.Statement) bool { return strings.HasPrefix(s.Comment, "The audit trail") })
	ct := doc.lookup(schemaName, rel)
	if ct == nil {
		doc.add(MissingAuditTable, nil, "", ddl, "the audit table %s does not exist; the policy's audit trail (audit.table) needs it: run the DDL below", a)
	} else {
		var lack []string
		for _, c := range auditColumns {
			if ct.Column(c) == nil {
				lack = append(lack, c)
			}
		}
		if len(lack) > 0 {
			doc.add(MissingAuditTable, nil, "", ddl, "the audit table %s has no column %s, which the audit triggers write; give it the shape of the DDL below", a, strings.Join(lack, ", "))
		} else {
			if !doc.erasedIndex(ct) {
				fix := statements(doc.migrate, func(s schema.Statement) bool { return strings.HasPrefix(s.Comment, "The audit trail's erase rows") })
				doc.add(MissingErasedIndex, nil, "", fix, "the audit table %s has no index led by (action, table_name), so every restore scans the whole trail for the table's erase rows; run the DDL below", a)
			}
			if !doc.ledBy(ct, "table_name", "row_key") {
				fix := statements(doc.migrate, func(s schema.Statement) bool {
					return strings.HasPrefix(s.Comment, "The audit trail by table and row key")
				})
				doc.add(MissingKeyIndex, nil, "", fix, "the audit table %s has no index led by (table_name, row_key), so every listing of tombstones scans the table's whole trail for the listed rows' audit rows; run the DDL below", a)
			}
		}
	}
	if doc.d.name == "sqlite" {
		return
	}
	if doc.d.name == "postgres" {
		doc.functions()
	}
	want := schema.Triggers(doc.p, doc.d.name)
	for _, t := range doc.p.Tables {
		ct := doc.found[t]
		if ct == nil {
			continue
		}
		for _, tr := range want[t.Name] {
			have := doc.trigger(ct, tr.Name)
			if have == nil {
				doc.add(MissingAuditTrigger, t, "", tr.SQL+";", "%s has no audit trigger %s, so its changes are not audited as the policy says (a table added to the policy since tombstone migrate ran?); run the DDL below", t.Name, tr.Name)
				continue
			}
			if !doc.sameTrigger(tr.SQL, have.Definition) {
				drop := "DROP TRIGGER IF EXISTS " + doc.d.Quote(tr.Name)
				if doc.d.name == "postgres" {
					drop += " ON " + doc.d.table(qualified(ct))
				}
				doc.add(MissingAuditTrigger, t, "", drop+";\n"+tr.SQL+";", "%s's audit trigger %s does not match the current policy (its key, rule or personal columns changed since tombstone migrate ran); replace it with the DDL below", t.Name, tr.Name)
			}
		}
	}
}

// pgFunction reads a migrate statement that creates a PL/pgSQL function:
// its name and its body.
var pgFunction = regexp.MustCompile(`(?s)^CREATE OR REPLACE FUNCTION "?([^"(]+)"?\(\) RETURNS trigger LANGUAGE plpgsql AS \$\$(.*)\$\$$`)

// functions checks the PL/pgSQL functions the audit and cascade triggers
// call: each exists, with the body the current policy gives it (the actor
// check of audit.require_actor, the cascades' children).
func (doc *doctor) functions() {
	for _, st := range doc.migrate {
		m := pgFunction.FindStringSubmatch(st.SQL)
		if m == nil {
			continue
		}
		name, body := m[1], m[2]
		i := slices.IndexFunc(doc.details.Functions, func(f catalog.Function) bool { return f.Name == name })
		switch {
		case i < 0:
			doc.add(MissingAuditTrigger, nil, "", st.SQL+";", "the function %s, which tombstone's triggers call, does not exist; run the DDL below", name)
		case doc.details.Functions[i].Source != body:
			doc.add(MissingAuditTrigger, nil, "", st.SQL+";", "the function %s does not match the current policy (audit.require_actor, a cascade or the erase rule changed since tombstone migrate ran); replace it with the DDL below", name)
		}
	}
}

// trigger finds a table's trigger by name.
func (doc *doctor) trigger(ct *catalog.Table, name string) *catalog.Trigger {
	for i, tr := range doc.details.Triggers {
		if strings.EqualFold(tr.Name, name) && strings.EqualFold(tr.Table, ct.Name) && (doc.d.name != "postgres" || tr.Schema == ct.Schema) {
			return &doc.details.Triggers[i]
		}
	}
	return nil
}

// sameTrigger compares what a trigger does: PostgreSQL's function call
// with its arguments (the action, the table's policy name, its key), the
// body of a MySQL trigger.
func (doc *doctor) sameTrigger(want, have string) bool {
	norm := func(s string) string { return strings.Join(strings.Fields(s), " ") }
	switch doc.d.name {
	case "postgres":
		_, w, _ := strings.Cut(want, "EXECUTE FUNCTION ")
		_, h, _ := strings.Cut(have, "EXECUTE FUNCTION ")
		return norm(strings.ReplaceAll(w, `"`, "")) == norm(strings.ReplaceAll(h, `"`, ""))
	}
	_, w, _ := strings.Cut(want, " FOR EACH ROW ")
	return norm(w) == norm(have)
}

// staleTriggers finds tombstone's triggers the current policy does not
// have.
func (doc *doctor) staleTriggers() {
	if doc.d.name == "sqlite" {
		return
	}
	want := map[string]bool{}
	if doc.p.Audit != nil {
		for name, trs := range schema.Triggers(doc.p, doc.d.name) {
			t := doc.p.Table(name)
			ct := doc.found[t]
			if ct == nil {
				continue
			}
			for _, tr := range trs {
				want[strings.ToLower(ct.Schema+"."+ct.Name+"."+tr.Name)] = true
			}
		}
	}
	for _, tr := range doc.details.Triggers {
		if !strings.HasPrefix(strings.ToLower(tr.Name), "tombstone_") || want[strings.ToLower(tr.Schema+"."+tr.Table+"."+tr.Name)] {
			continue
		}
		t := doc.governed(tr.Schema, tr.Table)
		drop := "DROP TRIGGER IF EXISTS " + doc.d.Quote(tr.Name)
		if doc.d.name == "postgres" {
			drop += " ON " + doc.d.table(qualifiedName(tr.Schema, tr.Table))
		}
		why := "the policy does not govern " + tr.Table
		if t != nil {
			why = "the current policy gives " + t.Name + " no such trigger"
		}
		doc.add(StaleAuditTrigger, t, "", drop+";", "trigger %s on %s is tombstone's, but %s; drop it", tr.Name, tr.Table, why)
	}
}
