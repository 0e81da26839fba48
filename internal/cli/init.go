package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"regexp"
	"strings"
	"time"
	"unicode"

	"github.com/tombstone-sql/tombstone/internal/catalog"
	"github.com/tombstone-sql/tombstone/internal/dburl"
	"github.com/tombstone-sql/tombstone/internal/dialects"
)

// schemaURL is where editors find the JSON Schema of tombstone.yaml.
const schemaURL = "https://raw.githubusercontent.com/tombstone-sql/tombstone/main/tombstone.schema.json"

// initTimeout bounds connecting and reading the catalog.
const initTimeout = 30 * time.Second

// auditTable is the audit table the starting policy names.
const auditTable = "tombstone_audit"

func runInit(e *env, args []string) int {
	names := strings.Join(dialects.Names(), "|")
	fs := e.flags("init", "--dsn URL [--dialect "+names+"] > tombstone.yaml")
	dsn := fs.String("dsn", "", "the database URL: postgres://…, mysql://… or sqlite:PATH")
	dname := fs.String("dialect", "", "the dialect the URL must be of: "+names+" (default: the URL's scheme says)")
	if code, ok := e.parse(fs, args); !ok {
		return code
	}
	fail := func(format string, args ...any) int {
		fmt.Fprintf(e.stderr, "tombstone init: "+format+"\n", args...)
		return exitUsage
	}
	raw, err := dburl.FromEnv(*dsn)
	if err != nil {
		return fail("%v", err)
	}
	db, target, err := dburl.OpenPlain(raw)
	if err != nil {
		return fail("%v", err)
	}
	defer db.Close()
	if target.Dialect == "sqlite" {
		// The driver would create a missing file; init reads one.
		path, _, _ := strings.Cut(strings.TrimPrefix(target.DSN, "file:"), "?")
		if _, err := os.Stat(path); err != nil {
			return fail("%v; give the path of the application's SQLite database", err)
		}
	}
	if *dname != "" {
		d, ok := dialects.Lookup(*dname)
		if !ok {
			return fail("--dialect must be one of %s (got %q)", names, *dname)
		}
		if d.Name() != target.Dialect {
			return fail("--dialect %s, but the URL is a %s URL; drop --dialect or give a %s URL", *dname, target.Dialect, d.Name())
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), initTimeout)
	defer cancel()
	tables, err := catalog.Read(ctx, db, target.Dialect)
	if err != nil {
		return fail("cannot read the database's tables: %v", oneLine(err.Error()))
	}
	out, inferred, err := starterPolicy(tables, target.Dialect)
	if err != nil {
		return fail("%v", err)
	}
	if _, err := e.stdout.Write(out); err != nil {
		return fail("%v", err)
	}
	if inferred == 0 {
		fmt.Fprintf(e.stderr, "tombstone init: none of the %d tables has a tombstone column, so every entry is commented out: uncomment and decide at least one before tombstone explain loads the file\n", len(tables))
		return exitFinding
	}
	return exitOK
}

// entry is what init makes of one table.
type entry struct {
	t    *catalog.Table
	name string // the policy name: relation, or schema.relation
	// active entries are inferred soft tables; the others are written
	// commented out, with why.
	active bool
	// unnamed entries cannot be written in a policy as the table is
	// named; they get a comment only.
	unnamed  bool
	why      []string
	column   string // the tombstone column, when one was found
	marker   string
	found    string // what the column is, for the comment
	unfit    string // a tombstone-like column whose type fits no marker
	key      []string
	keyNote  string
	personal []string
}

// starterPolicy writes the starting policy for tables, and says how many
// tables it could infer.
func starterPolicy(tables []*catalog.Table, dialect string) ([]byte, int, error) {
	var skipped []string
	var entries []*entry
	relations := map[string]int{} // how many schemas hold a table of this name
	for _, t := range tables {
		relations[t.Name]++
	}
	taken := map[string]string{} // lower-case policy name → the table that has it
	for _, t := range tables {
		if strings.EqualFold(t.Name, auditTable) {
			skipped = append(skipped, quoteComment(t.Name)+" (tombstone's audit table)")
			continue
		}
		en := &entry{t: t, name: t.Name}
		if t.Schema != "" && relations[t.Name] > 1 {
			en.name = t.Schema + "." + t.Name
		}
		switch {
		case !policyName(t.Name) || t.Schema != "" && en.name != t.Name && !policyName(t.Schema):
			en.unnamed = true
			en.why = append(en.why, "its name cannot be written in a policy (a dot, a control character, a space at either end or more than 128 characters); rename the table to govern it")
		case taken[strings.ToLower(en.name)] != "":
			en.unnamed = true
			en.why = append(en.why, fmt.Sprintf("policy names match case-insensitively, so %s would also match %s; rename one of the two tables to govern it", yamlScalar(en.name), yamlScalar(taken[strings.ToLower(en.name)])))
		default:
			taken[strings.ToLower(en.name)] = en.name
		}
		if !en.unnamed {
			infer(en, dialect)
		}
		entries = append(entries, en)
	}
	if len(entries) == 0 {
		if len(skipped) > 0 {
			return nil, 0, fmt.Errorf("the database has no tables besides %s; create the application's tables first, or point --dsn at the application's database", auditTable)
		}
		return nil, 0, fmt.Errorf("the database has no tables%s; create the application's tables first, or point --dsn at the application's database", where(dialect))
	}

	var b bytes.Buffer
	inferred := 0
	for _, en := range entries {
		if en.active {
			inferred++
		}
	}
	w := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }
	w("# yaml-language-server: $schema=%s\n", schemaURL)
	w("#\n")
	w("# A starting deletion policy, written by tombstone init from the %d %s of\n", len(entries), plural(len(entries), "table", "tables"))
	w("# this %s database: %d with a tombstone column %s soft delete, the\n", dialect, inferred, plural(inferred, "is", "are"))
	w("# others are commented out until you decide. Nothing is enforced until the\n")
	w("# application opens the database through tombstone.\n")
	w("#\n")
	w("# What to decide next:\n")
	w("#  1. Every commented-out table: what DELETE means for it. soft keeps a\n")
	w("#     tombstone (tombstone migrate adds the column); hard really deletes\n")
	w("#     (expire_after: 90d deletes rows by age; no personal columns); retain\n")
	w("#     refuses DELETE for a period (retention: 7y).\n")
	w("#  2. Restore windows: how long a deleted row can be restored\n")
	w("#     (restore_window: 30d), and then after_window: purge, anonymize or keep.\n")
	w("#  3. Retain tables: records you must keep by law or contract (invoices,\n")
	w("#     payments, ledgers): delete: retain with retention: 7y.\n")
	w("#  4. Personal columns: those marked \"guessed\" were picked by their names;\n")
	w("#     check each, and add the ones the names do not give away.\n")
	w("#  5. Owners: who owns each table's rule (write it in a comment above the\n")
	w("#     table), and who may see deleted rows, restore, erase and purge (roles).\n")
	w("# Then: tombstone explain --policy tombstone.yaml, and tombstone migrate.\n")
	for _, s := range skipped {
		w("#\n# Not listed: %s.\n", s)
	}
	w("version: 1\n")
	w("dialect: %s\n", dialect)
	w("# mode: shadow     # roll out in shadow mode first: log what would change, change nothing\n")
	w("audit:\n")
	w("  table: %s  # tombstone migrate creates it\n", auditTable)
	w("# roles:           # absent: the application is trusted with every scope\n")
	w("#   support: {see_deleted: true, restore: true}\n")
	w("#   privacy: {see_deleted: true, erase: true, purge: true}\n")
	w("tables:\n")
	for _, en := range entries {
		writeEntry(&b, en)
	}
	return b.Bytes(), inferred, nil
}

func where(dialect string) string {
	switch dialect {
	case "postgres":
		return " in the schemas on its search_path"
	case "sqlite":
		return " in its main database"
	}
	return ""
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// markerNames are the tombstone column names init recognizes, in order of
// preference.
var markerNames = []string{"deleted_at", "is_deleted", "deleted"}

// infer fills in what the table's columns say: its tombstone column and
// marker, its key and its personal columns.
func infer(en *entry, dialect string) {
	t := en.t
	for _, name := range markerNames {
		c := t.Column(name)
		if c == nil {
			continue
		}
		marker, why := markerFor(c, dialect)
		if marker == "" {
			en.why = append(en.why, why)
			if en.unfit == "" {
				en.unfit = c.Name
			}
			continue
		}
		if en.column == "" {
			en.column, en.marker = c.Name, marker
			en.found = fmt.Sprintf("%s %s", quoteComment(c.Name), quoteComment(c.Type))
			if c.Type == "" {
				en.found = quoteComment(c.Name) + " (no declared type)"
			}
		}
	}
	if en.column == "" && len(en.why) == 0 {
		en.why = append(en.why, "no tombstone column (deleted_at, is_deleted or deleted)")
	}
	switch {
	case len(t.Key) > 0:
		en.key = t.Key
		for _, k := range t.Key {
			if !column(k) {
				en.why = append(en.why, fmt.Sprintf("its key column %s cannot be written in a policy", quoteComment(k)))
			}
		}
	case t.Column("id") != nil:
		en.key = []string{t.Column("id").Name}
		en.keyNote = "no primary key: check that id identifies a row"
		en.why = append(en.why, "no primary key")
	default:
		en.keyNote = "no primary key: list the columns that identify a row"
		en.why = append(en.why, "no primary key")
	}
	for _, c := range t.Columns {
		if personalColumn(c, dialect) && column(c.Name) && !strings.EqualFold(c.Name, en.column) && !contains(lowerAll(en.key), strings.ToLower(c.Name)) {
			en.personal = append(en.personal, c.Name)
		}
	}
	if en.column != "" && contains(lowerAll(en.key), strings.ToLower(en.column)) {
		en.why = append(en.why, fmt.Sprintf("its tombstone column %s is part of the primary key", quoteComment(en.column)))
	}
	if en.column != "" && !column(en.column) {
		en.why = append(en.why, fmt.Sprintf("its tombstone column %s cannot be written in a policy", quoteComment(en.column)))
	}
	en.active = en.column != "" && len(en.why) == 0
}

func lowerAll(s []string) []string {
	out := make([]string, len(s))
	for i, v := range s {
		out[i] = strings.ToLower(v)
	}
	return out
}

// kind sorts a column type into what tombstone cares about: temporal,
// boolean, integer, text, binary, untyped or other.
func kind(typ, dialect string) string {
	t := strings.ToLower(strings.TrimSpace(typ))
	switch dialect {
	case "sqlite":
		// SQLite's affinity rules, with the names of booleans and times.
		switch {
		case t == "":
			return "untyped"
		case strings.Contains(t, "bool"):
			return "boolean"
		case strings.Contains(t, "int"):
			return "integer"
		case strings.Contains(t, "date") || strings.Contains(t, "time"):
			return "temporal"
		case strings.Contains(t, "char") || strings.Contains(t, "clob") || strings.Contains(t, "text"):
			return "text"
		case strings.Contains(t, "blob"):
			return "binary"
		}
		return "other"
	case "mysql":
		switch {
		case t == "tinyint(1)" || t == "bit(1)" || strings.HasPrefix(t, "bool"):
			return "boolean"
		case strings.Contains(t, "int"):
			return "integer"
		case strings.HasPrefix(t, "datetime") || strings.HasPrefix(t, "timestamp") || t == "date":
			return "temporal"
		case strings.Contains(t, "char") || strings.Contains(t, "text"):
			return "text"
		case strings.Contains(t, "binary") || strings.Contains(t, "blob"):
			return "binary"
		}
		return "other"
	}
	switch {
	case t == "boolean":
		return "boolean"
	case t == "smallint" || t == "integer" || t == "bigint":
		return "integer"
	case strings.HasPrefix(t, "timestamp") || t == "date":
		return "temporal"
	case t == "text" || strings.HasPrefix(t, "character") || t == "citext" || t == "inet" || t == "cidr":
		return "text"
	case t == "bytea":
		return "binary"
	}
	return "other"
}

// markerFor says which marker a tombstone column of this type can be, or
// why it cannot be one.
func markerFor(c *catalog.Column, dialect string) (marker, why string) {
	k := kind(c.Type, dialect)
	name := quoteComment(c.Name)
	switch {
	case k == "temporal" || (dialect == "sqlite" && (k == "text" || k == "untyped")):
		if !c.Nullable {
			return "", fmt.Sprintf("%s is NOT NULL, but a timestamp tombstone column is NULL on live rows", name)
		}
		return "timestamp", ""
	case k == "boolean":
		return "flag", ""
	case k == "integer" && strings.EqualFold(c.Name, "deleted_at"):
		if c.Nullable {
			return "", fmt.Sprintf("%s is an integer that allows NULL; a unix tombstone column is 0 on live rows: make it NOT NULL DEFAULT 0", name)
		}
		return "unix", ""
	case k == "integer" && dialect != "postgres":
		return "flag", ""
	}
	return "", fmt.Sprintf("%s is %s, a type no tombstone marker fits (timestamp: a nullable time; flag: a boolean; unix: integer seconds)", name, quoteComment(c.Type))
}

// personalWords are the words of a column name that suggest personal data.
var personalWords = map[string]string{
	"name": "text", "firstname": "text", "lastname": "text", "surname": "text", "fullname": "text", "username": "text",
	"email": "text", "mail": "text",
	"phone": "text", "mobile": "text", "telephone": "text",
	"address": "text", "street": "text", "city": "text", "zip": "text", "zipcode": "text", "postcode": "text", "postal": "text",
	"birth": "temporal", "birthday": "temporal", "birthdate": "temporal", "dob": "temporal",
	"ip": "ip",
}

// personalColumn guesses from a column's name and type whether it holds
// personal data: name, email, phone, address, birth date, IP address.
func personalColumn(c catalog.Column, dialect string) bool {
	typ := kind(c.Type, dialect)
	for _, w := range words(c.Name) {
		switch personalWords[w] {
		case "text":
			if typ == "text" || typ == "untyped" {
				return true
			}
		case "temporal":
			if typ == "temporal" || typ == "text" || typ == "untyped" {
				return true
			}
		case "ip":
			if typ == "text" || typ == "binary" || typ == "untyped" {
				return true
			}
		}
	}
	return false
}

// words splits a column name into lower-case words at underscores, other
// punctuation and lower-to-upper case changes: lastLoginIP → last, login, ip.
func words(name string) []string {
	var out []string
	var cur []rune
	flush := func() {
		if len(cur) > 0 {
			out = append(out, strings.ToLower(string(cur)))
			cur = cur[:0]
		}
	}
	rs := []rune(name)
	for i, r := range rs {
		switch {
		case !unicode.IsLetter(r) && !unicode.IsDigit(r):
			flush()
		case unicode.IsUpper(r) && i > 0 && unicode.IsLower(rs[i-1]):
			flush()
			cur = append(cur, r)
		default:
			cur = append(cur, r)
		}
	}
	flush()
	return out
}

// policyName reports whether a table name can be written as one part of a
// policy name: no dot, no control character, at most 128 characters, no
// space at either end.
func policyName(s string) bool {
	return column(s) && !strings.Contains(s, ".") && strings.TrimSpace(s) == s
}

// column reports whether the policy accepts s as a column name.
func column(s string) bool {
	if s == "" || len(s) > 128 {
		return false
	}
	for _, r := range s {
		if r < 0x20 || r == 0x7f || r == unicode.ReplacementChar {
			return false
		}
	}
	return true
}

var plainYAML = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)?$`)

// yamlScalar writes a name as YAML reads it back exactly: plain when it is
// a simple identifier YAML takes for a string, double-quoted otherwise.
func yamlScalar(s string) string {
	switch strings.ToLower(s) {
	case "true", "false", "yes", "no", "on", "off", "y", "n", "null":
		return quoteYAML(s)
	}
	if plainYAML.MatchString(s) {
		return s
	}
	return quoteYAML(s)
}

func quoteYAML(s string) string {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s) // a string always encodes
	return strings.TrimSuffix(b.String(), "\n")
}

// quoteComment writes a name for a comment: as it is when it is printable
// on one line, quoted otherwise.
func quoteComment(s string) string {
	for _, r := range s {
		if !unicode.IsPrint(r) {
			return quoteYAML(s)
		}
	}
	return s
}

func yamlList(names []string) string {
	parts := make([]string, len(names))
	for i, n := range names {
		parts[i] = yamlScalar(n)
	}
	return "[" + strings.Join(parts, ", ") + "]"
}

func writeEntry(b *bytes.Buffer, en *entry) {
	w := func(format string, args ...any) { fmt.Fprintf(b, format, args...) }
	if en.active {
		w("  %s:  # inferred from %s\n", yamlScalar(en.name), en.found)
		w("    delete: soft\n")
		w("    column: %s\n", yamlScalar(en.column))
		w("    marker: %s\n", en.marker)
		w("    key: %s\n", yamlList(en.key))
		if len(en.personal) > 0 {
			w("    personal: %s  # guessed from the column names; check\n", yamlList(en.personal))
		}
		if en.marker == "flag" {
			w("    # a flag records no deletion time, so no restore window: for one, use a timestamp column\n")
			return
		}
		w("    # restore_window: 30d  # decide: how long a deleted row can be restored\n")
		w("    # after_window: purge  # and then: purge, anonymize or keep\n")
		return
	}
	label := yamlScalar(en.name)
	if en.unnamed {
		w("  # %s: %s.\n", quoteComment(en.name), strings.Join(en.why, "; "))
		return
	}
	w("  # %s: %s. Decide soft, hard or retain, then uncomment:\n", label, strings.Join(en.why, "; "))
	w("  # %s:\n", yamlScalar(en.name))
	w("  #   delete: soft\n")
	col := "deleted_at"
	if en.column != "" {
		col = en.column
	}
	if en.column != "" && en.marker != "" {
		w("  #   column: %s\n", yamlScalar(col))
		w("  #   marker: %s\n", en.marker)
	} else if strings.EqualFold(en.unfit, col) {
		w("  #   column: %s  # change it as said above first\n", yamlScalar(col))
	} else if en.unfit != "" {
		w("  #   column: %s  # tombstone migrate adds it; or change %s as said above and name it here\n", col, quoteComment(en.unfit))
	} else {
		w("  #   column: %s  # tombstone migrate adds it\n", col)
	}
	switch {
	case len(en.key) > 0 && en.keyNote != "":
		w("  #   key: %s  # %s\n", yamlList(en.key), en.keyNote)
	case len(en.key) > 0:
		w("  #   key: %s\n", yamlList(en.key))
	default:
		w("  #   key: []  # %s\n", en.keyNote)
	}
	if len(en.personal) > 0 {
		w("  #   personal: %s  # guessed from the column names; check (not for hard tables)\n", yamlList(en.personal))
	}
}
