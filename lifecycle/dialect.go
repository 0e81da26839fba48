package lifecycle

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/tombstone-sql/tombstone"
	"github.com/tombstone-sql/tombstone/policy"
	"github.com/tombstone-sql/tombstone/rewrite"
)

// dialect renders the job's SQL for one database: its clock, its NULL-safe
// comparison and its string concatenation.
type dialect struct {
	name string
	rewrite.Dialect
}

func newDialect(name string) (*dialect, error) {
	d, err := tombstone.Dialect(name)
	if err != nil {
		return nil, err
	}
	return &dialect{name: d.Name(), Dialect: d}, nil
}

// table quotes a policy table name, schema-qualified or not.
func (d *dialect) table(name string) string {
	parts := strings.Split(name, ".")
	for i, p := range parts {
		parts[i] = d.Quote(p)
	}
	return strings.Join(parts, ".")
}

// older is the condition that col, a point in time of the given kind
// (Timestamp for a timestamp or datetime column, Unix for seconds since the
// epoch), lies more than d before the database's clock.
func (d *dialect) older(col string, kind policy.Marker, age policy.Duration) string {
	hours := strconv.Itoa(age.Hours())
	if kind == policy.Unix {
		secs := strconv.Itoa(age.Hours() * 3600)
		switch d.name {
		case "postgres":
			return col + " < extract(epoch FROM now())::bigint - " + secs
		case "mysql":
			return col + " < UNIX_TIMESTAMP() - " + secs
		}
		return col + " < CAST(strftime('%s','now') AS INTEGER) - " + secs
	}
	switch d.name {
	case "postgres":
		return col + " < now() - interval '" + hours + " hours'"
	case "mysql":
		return col + " < NOW(6) - INTERVAL " + hours + " HOUR"
	}
	// SQLite keeps time as text; julianday reads every format it knows,
	// and anything else is NULL, which is never due.
	return "julianday(" + col + ") < julianday('now', '-" + hours + " hours')"
}

// differs is the NULL-safe test that a and b are not the same value.
func (d *dialect) differs(a, b string) string {
	switch d.name {
	case "postgres":
		return a + " IS DISTINCT FROM " + b
	case "mysql":
		return "NOT (" + a + " <=> " + b + ")"
	}
	return a + " IS NOT " + b
}

// concat joins SQL string expressions.
func (d *dialect) concat(parts []string) string {
	if len(parts) == 1 {
		return parts[0]
	}
	if d.name == "mysql" {
		return "CONCAT(" + strings.Join(parts, ", ") + ")"
	}
	return "(" + strings.Join(parts, " || ") + ")"
}

// text casts a key column to text for a replacement value.
func (d *dialect) text(col string) string {
	switch d.name {
	case "postgres":
		return "CAST(" + col + " AS text)"
	case "mysql":
		return "CAST(" + col + " AS CHAR)"
	}
	return "CAST(" + col + " AS TEXT)"
}

// builder writes one statement and its arguments, numbering placeholders
// as the dialect wants them.
type builder struct {
	d    *dialect
	b    strings.Builder
	args []any
}

func (b *builder) WriteString(s string) { b.b.WriteString(s) }

// arg adds an argument and returns its placeholder.
func (b *builder) arg(v any) string {
	b.args = append(b.args, v)
	if b.d.name == "postgres" {
		return "$" + strconv.Itoa(len(b.args))
	}
	return "?"
}

func (b *builder) String() string { return b.b.String() }

// replacement renders an anonymize_with value: literal text as arguments,
// {key} as the row's key column cast to text.
func (b *builder) replacement(t *policy.Table, value string) string {
	var parts []string
	for value != "" {
		i := strings.IndexByte(value, '{')
		if i < 0 {
			parts = append(parts, b.arg(value))
			break
		}
		if i > 0 {
			parts = append(parts, b.arg(value[:i]))
		}
		j := strings.IndexByte(value[i:], '}')
		name := value[i+1 : i+j]
		for _, k := range t.Key {
			if strings.EqualFold(k, name) {
				name = k
			}
		}
		parts = append(parts, b.d.text(b.d.Quote(name)))
		value = value[i+j+1:]
	}
	if len(parts) == 0 {
		return b.arg("")
	}
	return b.d.concat(parts)
}

// keyIn is the condition that the row's key is one of keys (each a tuple
// of key column values).
func (b *builder) keyIn(t *policy.Table, keys [][]any) string {
	cols := make([]string, len(t.Key))
	for i, k := range t.Key {
		cols[i] = b.d.Quote(k)
	}
	var s strings.Builder
	if len(cols) == 1 {
		s.WriteString(cols[0] + " IN (")
	} else {
		s.WriteString("(" + strings.Join(cols, ", ") + ") IN (")
	}
	for i, key := range keys {
		if i > 0 {
			s.WriteString(", ")
		}
		if len(cols) > 1 {
			s.WriteString("(")
		}
		for j, v := range key {
			if j > 0 {
				s.WriteString(", ")
			}
			s.WriteString(b.arg(v))
		}
		if len(cols) > 1 {
			s.WriteString(")")
		}
	}
	s.WriteString(")")
	return s.String()
}

// keyAfter is the condition that the row's key comes after key in key
// order (a row-value comparison for a composite key).
func (b *builder) keyAfter(t *policy.Table, key []any) string {
	if len(t.Key) == 1 {
		return b.d.Quote(t.Key[0]) + " > " + b.arg(key[0])
	}
	ph := make([]string, len(key))
	for i, v := range key {
		ph[i] = b.arg(v)
	}
	return "(" + b.d.keyList(t) + ") > (" + strings.Join(ph, ", ") + ")"
}

func (d *dialect) keyList(t *policy.Table) string {
	cols := make([]string, len(t.Key))
	for i, k := range t.Key {
		cols[i] = d.Quote(k)
	}
	return strings.Join(cols, ", ")
}

// notNullQuery returns the catalog query that says whether a column is NOT
// NULL, with placeholders for the table's schema, relation and column;
// it returns no row for a missing column.
func (d *dialect) notNullQuery() string {
	switch d.name {
	case "postgres":
		return "SELECT a.attnotnull FROM pg_attribute a WHERE a.attrelid = to_regclass(CASE WHEN $1 = '' THEN quote_ident($2) ELSE quote_ident($1) || '.' || quote_ident($2) END) AND lower(a.attname) = lower($3) AND a.attnum > 0 AND NOT a.attisdropped"
	case "mysql":
		return "SELECT IS_NULLABLE = 'NO' FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = COALESCE(NULLIF(?, ''), DATABASE()) AND TABLE_NAME = ? AND lower(COLUMN_NAME) = lower(?)"
	}
	return `SELECT "notnull" <> 0 FROM pragma_table_info(?2, CASE WHEN ?1 = '' THEN 'main' ELSE ?1 END) WHERE lower(name) = lower(?3)`
}

func (d *dialect) String() string { return fmt.Sprintf("dialect(%s)", d.name) }
