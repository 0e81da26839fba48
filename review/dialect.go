package review

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/tombstone-sql/tombstone/internal/dialects"
	"github.com/tombstone-sql/tombstone/policy"
	"github.com/tombstone-sql/tombstone/rewrite"
)

// dialect renders the review's read-only SQL for one database: its clock
// arithmetic, month labels and placeholders.
type dialect struct {
	name string
	rewrite.Dialect
}

func newDialect(name string) (*dialect, error) {
	d, ok := dialects.Lookup(name)
	if !ok {
		return nil, fmt.Errorf("%w %q; use postgres, mysql or sqlite", ErrDialect, name)
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

// ph is the n-th (1-based) placeholder.
func (d *dialect) ph(n int) string {
	if d.name == "postgres" {
		return "$" + strconv.Itoa(n)
	}
	return "?"
}

// ageDays is the age in days, on the database's clock, of expr: a point
// in time of the marker's kind (Timestamp: a timestamp or datetime, Unix:
// seconds since the epoch).
func (d *dialect) ageDays(expr string, kind policy.Marker) string {
	if kind == policy.Unix {
		switch d.name {
		case "postgres":
			return "(extract(epoch FROM now())::float8 - " + expr + ") / 86400"
		case "mysql":
			return "(UNIX_TIMESTAMP() - " + expr + ") / 86400"
		}
		return "(CAST(strftime('%s','now') AS INTEGER) - " + expr + ") / 86400.0"
	}
	switch d.name {
	case "postgres":
		return "extract(epoch FROM now() - " + expr + ")::float8 / 86400"
	case "mysql":
		return "TIMESTAMPDIFF(MICROSECOND, " + expr + ", NOW(6)) / 86400000000"
	}
	return "julianday('now') - julianday(" + expr + ")"
}

// daysBetween is the time from a to b in days, both timestamps.
func (d *dialect) daysBetween(a, b string) string {
	switch d.name {
	case "postgres":
		return "extract(epoch FROM " + b + " - " + a + ")::float8 / 86400"
	case "mysql":
		return "TIMESTAMPDIFF(MICROSECOND, " + a + ", " + b + ") / 86400000000"
	}
	return "julianday(" + b + ") - julianday(" + a + ")"
}

// month is the 'YYYY-MM' label of a timestamp.
func (d *dialect) month(expr string) string {
	switch d.name {
	case "postgres":
		return "to_char(" + expr + ", 'YYYY-MM')"
	case "mysql":
		return "DATE_FORMAT(" + expr + ", '%Y-%m')"
	}
	return "strftime('%Y-%m', " + expr + ")"
}

// thisMonth is the label of the database clock's current month.
func (d *dialect) thisMonth() string {
	switch d.name {
	case "postgres":
		return "SELECT to_char(now(), 'YYYY-MM')"
	case "mysql":
		return "SELECT DATE_FORMAT(NOW(), '%Y-%m')"
	}
	return "SELECT strftime('%Y-%m', 'now')"
}

// since is the start of the month months-1 months before the current one,
// on the database's clock, as the audit table's at column compares.
func (d *dialect) since(months int) string {
	back := strconv.Itoa(months - 1)
	switch d.name {
	case "postgres":
		return "date_trunc('month', now()) - interval '" + back + " months'"
	case "mysql":
		return "CAST(DATE_FORMAT(NOW(), '%Y-%m-01') AS DATETIME) - INTERVAL " + back + " MONTH"
	}
	return "strftime('%Y-%m-%d %H:%M:%f', 'now', 'start of month', '-" + back + " months')"
}
