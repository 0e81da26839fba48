package review_test

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/tombstone-sql/tombstone/examples/store"
	"github.com/tombstone-sql/tombstone/internal/testdb"
	"github.com/tombstone-sql/tombstone/policy"
	"github.com/tombstone-sql/tombstone/review"
	"github.com/tombstone-sql/tombstone/schema"
)

// open returns a fresh, empty database of the dialect, plain driver.
func open(t *testing.T, dialect string) *sql.DB {
	t.Helper()
	switch dialect {
	case "postgres":
		return testdb.Postgres(t)
	case "mysql":
		return testdb.MySQL(t, "")
	}
	db, err := sql.Open("sqlite", "file:"+filepath.Join(t.TempDir(), "doctor.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func parse(t *testing.T, yaml string) *policy.Policy {
	t.Helper()
	p, err := policy.Parse("tombstone.yaml", []byte(yaml))
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// replace is strings.Replace that fails the test when old is missing, so a
// case never silently plants nothing.
func replace(t *testing.T, s, old, new string) string {
	t.Helper()
	if !strings.Contains(s, old) {
		t.Fatalf("%q is not in %q", old, s)
	}
	return strings.Replace(s, old, new, 1)
}

// doctorCase plants one problem in the store's database built by
// tombstone migrate.
type doctorCase struct {
	name string
	// yaml changes the policy the database is built with and checked
	// against; check changes only the one it is checked against.
	yaml, check func(t *testing.T, y string) string
	// schema changes the store's CREATE TABLE statements.
	schema func(t *testing.T, stmts []string) []string
	// skip leaves out the migrate statements it matches.
	skip func(s schema.Statement) bool
	// after runs once the database is built, per dialect.
	after map[string][]string
	opts  []review.DoctorOption
	// only limits the case to one dialect.
	only string
	// wantFn computes want from the policy checked.
	wantFn func(p *policy.Policy) []string
	// want lists the findings (rule code, table, column), per dialect
	// when they differ ("" is every dialect).
	want map[string][]string
}

func noAudit(t *testing.T, y string) string {
	return replace(t, y, "audit:\n  table: tombstone_audit\n  require_actor: false\n", "")
}

var doctorCases = []doctorCase{
	{name: "built by migrate", want: map[string][]string{"": nil}},
	{name: "missing table", after: all("DROP TABLE leads"), want: map[string][]string{"": {"TD001 leads"}}},
	{name: "missing tombstone column", yaml: noAudit,
		skip: func(s schema.Statement) bool {
			return strings.HasPrefix(s.Comment, "support_tickets: the tombstone column")
		},
		want: map[string][]string{"": {"TD002 support_tickets deleted_at"}}},
	{name: "tombstone column with a default",
		after: map[string][]string{
			"postgres": {"ALTER TABLE support_tickets ALTER COLUMN deleted_at SET DEFAULT now()"},
			"mysql":    {"ALTER TABLE support_tickets ALTER COLUMN deleted_at SET DEFAULT CURRENT_TIMESTAMP(6)"},
		},
		want: map[string][]string{"postgres": {"TD003 support_tickets deleted_at"}, "mysql": {"TD003 support_tickets deleted_at"}, "sqlite": nil}},
	{name: "tombstone column of the wrong type",
		skip: func(s schema.Statement) bool {
			return strings.HasPrefix(s.Comment, "support_tickets: the tombstone column")
		},
		after: map[string][]string{"sqlite": {"ALTER TABLE support_tickets ADD COLUMN deleted_at INTEGER NOT NULL DEFAULT 0"}},
		// PostgreSQL and MySQL create the triggers on the column: only
		// SQLite builds without it.
		only: "sqlite",
		want: map[string][]string{"sqlite": {"TD003 support_tickets deleted_at"}}},
	{name: "plain unique key",
		after: all("CREATE UNIQUE INDEX tickets_subject ON support_tickets (subject)"),
		want:  map[string][]string{"": {"TD004 support_tickets"}}},
	{name: "policy unique key not installed",
		skip: func(s schema.Statement) bool {
			return strings.HasPrefix(s.Comment, "customers: (email) is unique among live rows")
		},
		want: map[string][]string{"": {"TD005 customers"}}},
	{name: "missing audit table", after: all("DROP TABLE tombstone_audit"), want: map[string][]string{"": {"TD006"}}},
	{name: "missing audit trigger",
		after: map[string][]string{"postgres": {"DROP TRIGGER tombstone_hard_delete ON leads"}, "mysql": {"DROP TRIGGER tombstone_leads_hard_delete"}},
		want:  map[string][]string{"postgres": {"TD007 leads"}, "mysql": {"TD007 leads"}, "sqlite": nil}},
	{name: "table added to the policy since migrate",
		after: all("CREATE TABLE refunds (id INTEGER PRIMARY KEY, amount INTEGER NOT NULL)"),
		check: func(t *testing.T, y string) string {
			return replace(t, y, "tables:\n", "tables:\n  refunds:\n    delete: hard\n    key: [id]\n")
		},
		want: map[string][]string{"postgres": {"TD007 refunds"}, "mysql": {"TD007 refunds"}, "sqlite": nil}},
	{name: "audit trigger not matching the policy",
		check: func(t *testing.T, y string) string {
			return replace(t, y, "  leads:\n    delete: hard\n", "  leads:\n    delete: hard\n    key: [id, email]\n")
		},
		want: map[string][]string{"postgres": {"TD007 leads"}, "mysql": {"TD007 leads"}, "sqlite": nil}},
	{name: "audit function not matching the policy", only: "postgres",
		check: func(t *testing.T, y string) string {
			return replace(t, y, "require_actor: false", "require_actor: true")
		},
		want: map[string][]string{"postgres": {"TD007"}}},
	{name: "missing audit function", only: "postgres",
		after: map[string][]string{"postgres": {"DROP FUNCTION tombstone_audit_row() CASCADE"}},
		// CASCADE drops the triggers that call it too: one finding for the
		// function, one for each of those triggers, in policy order.
		wantFn: func(p *policy.Policy) []string {
			out := []string{"TD007"}
			trs := schema.Triggers(p, "postgres")
			for _, t := range p.Tables {
				for _, tr := range trs[t.Name] {
					if strings.Contains(tr.SQL, "tombstone_audit_row(") {
						out = append(out, "TD007 "+t.Name)
					}
				}
			}
			return out
		}},
	{name: "stale audit trigger",
		after: map[string][]string{
			"postgres": {"CREATE TRIGGER tombstone_old AFTER DELETE ON leads FOR EACH ROW EXECUTE FUNCTION tombstone_audit_row('hard_delete', 'leads', 'id')"},
			"mysql":    {"CREATE TRIGGER tombstone_leads_old AFTER DELETE ON leads FOR EACH ROW BEGIN END"},
		},
		want: map[string][]string{"postgres": {"TD008 leads"}, "mysql": {"TD008 leads"}, "sqlite": nil}},
	{name: "cascading foreign key",
		schema: func(t *testing.T, stmts []string) []string {
			for i, s := range stmts {
				if strings.HasPrefix(s, "CREATE TABLE support_tickets") {
					stmts[i] = replace(t, s, "REFERENCES customers (id)", "REFERENCES customers (id) ON DELETE CASCADE")
				}
			}
			return stmts
		},
		want: map[string][]string{"": {"TD009 support_tickets customer_id"}}},
	{name: "missing personal column",
		check: func(t *testing.T, y string) string {
			return replace(t, y, "personal: [name, email, phone]", "personal: [name, email, phone, nickname]")
		},
		want: map[string][]string{"": {"TD010 customers nickname"}}},
	{name: "missing subject column",
		check: func(t *testing.T, y string) string {
			return replace(t, y, "    invoices: customer_id\n    support", "    invoices: client_id\n    support")
		},
		want: map[string][]string{"": {"TD010 invoices client_id"}}},
	{name: "NOT NULL personal column without replacement",
		check: func(t *testing.T, y string) string {
			return replace(t, y, "anonymize_with: {name: (anonymized), email:", "anonymize_with: {email:")
		},
		want: map[string][]string{"": {"TD011 customers name"}}},
	{name: "audit trail without the index of its erase rows",
		after: map[string][]string{
			"postgres": {"DROP INDEX tombstone_audit_erased"},
			"mysql":    {"DROP INDEX tombstone_audit_erased ON tombstone_audit"},
			"sqlite":   {"DROP INDEX tombstone_audit_erased"},
		},
		want: map[string][]string{"": {"TD013"}}},
	{name: "audit trail without the index of its row keys",
		after: map[string][]string{
			"postgres": {"DROP INDEX tombstone_audit_key"},
			"mysql":    {"DROP INDEX tombstone_audit_key ON tombstone_audit"},
			"sqlite":   {"DROP INDEX tombstone_audit_key"},
		},
		want: map[string][]string{"": {"TD014"}}},
	{name: "large soft table without a live index", opts: []review.DoctorOption{review.WithLargeTable(2)},
		// MySQL's live-only unique key leads with email, not the marker.
		want: map[string][]string{"postgres": {"TD012 support_tickets deleted_at"}, "sqlite": {"TD012 support_tickets deleted_at"},
			"mysql": {"TD012 customers deleted_at", "TD012 support_tickets deleted_at"}}},
}

func all(stmts ...string) map[string][]string {
	return map[string][]string{"postgres": stmts, "mysql": stmts, "sqlite": stmts}
}

func TestDoctorFindsEachPlantedProblem(t *testing.T) {
	for _, dialect := range []string{"postgres", "mysql", "sqlite"} {
		t.Run(dialect, func(t *testing.T) {
			for _, c := range doctorCases {
				t.Run(c.name, func(t *testing.T) {
					want, ok := c.want[dialect]
					if !ok {
						want = c.want[""]
					}
					if c.only != "" && c.only != dialect {
						t.Skipf("the case is planted on %s only", c.only)
					}
					yaml := string(store.Policy)
					if c.yaml != nil {
						yaml = c.yaml(t, yaml)
					}
					built := parse(t, yaml)
					check := built
					if c.check != nil {
						check = parse(t, c.check(t, yaml))
					}
					tables, err := store.Schema(dialect)
					if err != nil {
						t.Fatal(err)
					}
					if c.schema != nil {
						tables = c.schema(t, tables)
					}
					ddl, err := schema.Migrate(built, dialect)
					if err != nil {
						t.Fatal(err)
					}
					stmts := tables
					for _, s := range ddl {
						if c.skip == nil || !c.skip(s) {
							stmts = append(stmts, s.SQL)
						}
					}
					stmts = append(stmts, store.Seed()...)
					stmts = append(stmts, c.after[dialect]...)
					db := open(t, dialect)
					testdb.MustExec(t, db, stmts...)
					if c.wantFn != nil {
						want = c.wantFn(check)
					}
					fs, err := review.Doctor(context.Background(), db, check, dialect, c.opts...)
					if err != nil {
						t.Fatal(err)
					}
					var got []string
					for _, f := range fs {
						got = append(got, strings.TrimSpace(strings.Join([]string{f.Rule.Code, f.Table, f.Column}, " ")))
						if f.Message == "" || f.Severity != f.Rule.Severity {
							t.Errorf("finding without a message or with another severity: %+v", f)
						}
						if f.Table != "" && f.Line != check.Table(f.Table).Line {
							t.Errorf("%s: line %d; want the table's line %d", f.Rule.Code, f.Line, check.Table(f.Table).Line)
						}
					}
					if diff := cmp.Diff(want, got); diff != "" {
						t.Errorf("findings (-want +got):\n%s\n%s", diff, describe(fs))
					}
				})
			}
		})
	}
}

func describe(fs []review.Finding) string {
	var b strings.Builder
	for _, f := range fs {
		fmt.Fprintf(&b, "%s %s %s: %s\n%s\n", f.Rule.Code, f.Table, f.Column, f.Message, f.Fix)
	}
	return b.String()
}

// markerPolicy has a soft table of each marker kind.
const markerPolicy = `version: 1
audit: {table: tombstone_audit}
tables:
  posts: {delete: soft, column: deleted_at, key: [id], unique: [slug]}
  flags: {delete: soft, column: hidden, marker: flag, key: [id], unique: [name]}
  stamps: {delete: soft, column: removed, marker: unix, key: [id], restore_window: 7d, after_window: purge}
`

// TestDoctorMarkers: migrate's tombstone columns of every marker kind pass
// on every server; a column made by hand that does not fit is found.
func TestDoctorMarkers(t *testing.T) {
	p := parse(t, markerPolicy)
	for _, dialect := range []string{"postgres", "mysql", "sqlite"} {
		t.Run(dialect, func(t *testing.T) {
			build := func(t *testing.T, stamps string) *sql.DB {
				stmts := []string{
					"CREATE TABLE posts (id INTEGER PRIMARY KEY, slug VARCHAR(100) NOT NULL)",
					"CREATE TABLE flags (id INTEGER PRIMARY KEY, name VARCHAR(100) NOT NULL)",
					stamps,
				}
				ddl, err := schema.Migrate(p, dialect)
				if err != nil {
					t.Fatal(err)
				}
				for _, s := range ddl {
					stmts = append(stmts, s.SQL)
				}
				db := open(t, dialect)
				testdb.MustExec(t, db, stmts...)
				return db
			}
			codes := func(t *testing.T, db *sql.DB) []string {
				fs, err := review.Doctor(context.Background(), db, p, dialect)
				if err != nil {
					t.Fatal(err)
				}
				var out []string
				for _, f := range fs {
					out = append(out, f.Rule.Code+" "+f.Table+" "+f.Column)
				}
				return out
			}
			t.Run("migrate", func(t *testing.T) {
				db := build(t, "CREATE TABLE stamps (id INTEGER PRIMARY KEY)")
				if got := codes(t, db); len(got) != 0 {
					t.Errorf("findings on a database built by migrate: %v", got)
				}
			})
			t.Run("nullable unix marker", func(t *testing.T) {
				if dialect == "sqlite" {
					t.Skip("SQLite cannot add the column twice; the nullable column is planted on PostgreSQL and MySQL")
				}
				// migrate's ADD COLUMN IF NOT EXISTS keeps the column the
				// table already has.
				db := build(t, "CREATE TABLE stamps (id INTEGER PRIMARY KEY, removed BIGINT NULL)")
				if diff := cmp.Diff([]string{"TD003 stamps removed"}, codes(t, db)); diff != "" {
					t.Errorf("findings (-want +got):\n%s", diff)
				}
			})
		})
	}
}
