package oracle

import (
	"database/sql"
	"fmt"
	"strings"
	"testing"

	"github.com/tombstone-sql/tombstone/policy"
	"github.com/tombstone-sql/tombstone/rewrite"
)

// Load creates the oracle schema in db and fills it; it returns the tables
// it created (schema-qualified ones only where the engine has schemas).
func Load(t testing.TB, e Engine, db *sql.DB, pol *policy.Policy) []*Table {
	t.Helper()
	q := e.Dialect.Quote
	var tables []*Table
	var stmts []string
	schemas := map[string]bool{}
	for _, tb := range Schema() {
		if tb.Schema != "" {
			if e.CreateSchema == nil {
				continue
			}
			if !schemas[tb.Schema] {
				schemas[tb.Schema] = true
				stmts = append(stmts, e.CreateSchema(tb.Schema)...)
			}
		}
		tables = append(tables, tb)
		name := q(tb.Name)
		if tb.Schema != "" {
			name = q(tb.Schema) + "." + name
		}
		var defs []string
		for _, c := range tb.Cols {
			d := q(c.Name) + " " + e.Type(c.Type)
			if c.NotNull {
				d += " NOT NULL"
			}
			if c.Default != "" {
				d += " DEFAULT " + c.Default
			}
			defs = append(defs, d)
		}
		defs = append(defs, "PRIMARY KEY ("+q(tb.Cols[0].Name)+")")
		for _, c := range tb.Cols {
			if ref, ok := tb.Refs[c.Name]; ok {
				defs = append(defs, fmt.Sprintf("FOREIGN KEY (%s) REFERENCES %s (id)", q(c.Name), q(ref)))
			}
		}
		stmts = append(stmts, "CREATE TABLE "+name+" (\n  "+strings.Join(defs, ",\n  ")+"\n)")
		if tb.UniqueLive != "" {
			pt, _ := pol.Lookup(tb.Schema, tb.Name)
			stmts = append(stmts, e.UniqueLive(name, q(tb.UniqueLive), rewrite.Predicate(pt.Marker, q(pt.Column), true))...)
		}
		for start := 0; start < len(tb.Rows); start += 50 {
			end := min(start+50, len(tb.Rows))
			var vals []string
			for _, r := range tb.Rows[start:end] {
				var lits []string
				for _, v := range r {
					lits = append(lits, literal(e, v))
				}
				vals = append(vals, "("+strings.Join(lits, ", ")+")")
			}
			stmts = append(stmts, "INSERT INTO "+name+" VALUES "+strings.Join(vals, ",\n  "))
		}
	}
	for _, s := range stmts {
		if _, err := db.Exec(s); err != nil {
			t.Fatalf("loading the oracle schema: %s: %v", s, err)
		}
	}
	return tables
}

func literal(e Engine, v any) string {
	switch x := v.(type) {
	case nil:
		return "NULL"
	case bool:
		return e.Bool(x)
	case string:
		return "'" + strings.ReplaceAll(x, "'", "''") + "'"
	}
	return fmt.Sprint(v)
}
