package lint_test

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/tombstone-sql/tombstone/internal/dialects"
	"github.com/tombstone-sql/tombstone/lint"
	"github.com/tombstone-sql/tombstone/policy"
)

func TestLoadSQLC(t *testing.T) {
	t.Chdir(root(t))
	type pkg struct {
		Name, Engine, Dialect string
		Files, Schema         []string
	}
	tests := []struct {
		config string
		want   []pkg
	}{
		{"testdata/lint/sqlc/v2/sqlc.yaml", []pkg{
			// queries/ gives its *.sql files: not .hidden.sql, not the down
			// migration, not README.txt.
			{"store", "postgresql", "postgres", []string{"testdata/lint/sqlc/v2/queries/customers.sql", "testdata/lint/sqlc/v2/queries/tickets.sql"},
				[]string{"testdata/lint/sqlc/v2/schema/0002_views.sql", "testdata/lint/sqlc/v2/schema/schema.sql"}},
			{"reports", "postgresql", "postgres", []string{"testdata/lint/sqlc/v2/reports/monthly.sql"}, []string{"testdata/lint/sqlc/v2/schema/schema.sql"}},
		}},
		{"testdata/lint/sqlc/v1/sqlc.json", []pkg{
			{"db", "postgresql", "postgres", []string{"testdata/lint/sqlc/v1/query.sql"}, []string{"testdata/lint/sqlc/v1/schema.sql"}},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.config, func(t *testing.T) {
			cfg, err := lint.LoadSQLC(tt.config)
			if err != nil {
				t.Fatal(err)
			}
			var got []pkg
			for _, p := range cfg.Packages {
				got = append(got, pkg{p.Name, p.Engine, p.Dialect.Name(), p.Files, p.Schema})
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

// TestSQLCEngines lints the fixture with one sql block per engine, end to
// end. It needs the mysql and sqlite adapters; until they are registered
// it skips, and it runs by itself once they are.
func TestSQLCEngines(t *testing.T) {
	for _, d := range []string{"mysql", "sqlite"} {
		if _, ok := dialects.Lookup(d); !ok {
			t.Skipf("the %s dialect is not registered in internal/dialects yet; this test runs once it is", d)
		}
	}
	t.Chdir(root(t))
	cfg, err := lint.LoadSQLC("testdata/lint/sqlc/engines/sqlc.yml")
	if err != nil {
		t.Fatal(err)
	}
	l := linter(t)
	var got []string
	for _, p := range cfg.Packages {
		for _, f := range p.Files {
			src, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			res, err := l.File(f, src, p.Dialect)
			if err != nil {
				t.Fatal(err)
			}
			for _, fd := range res.Findings {
				got = append(got, p.Engine+" "+fd.Query+" "+fd.Rule.Code)
			}
		}
	}
	want := []string{
		"postgresql ListCustomers TS001",
		"mysql ListCustomers TS001",
		"mysql DeleteCustomer TS004",
		"sqlite ListCustomers TS001",
		"sqlite ReplaceInvoice TS003",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("findings (-want +got):\n%s", diff)
	}
}

func TestFindSQLCConfig(t *testing.T) {
	dir := t.TempDir()
	if got, err := lint.FindSQLCConfig(dir); got != "" || err != nil {
		t.Errorf("empty dir: %q, %v", got, err)
	}
	write(t, filepath.Join(dir, "sqlc.yml"), "version: \"2\"\n")
	if got, err := lint.FindSQLCConfig(dir); got != filepath.Join(dir, "sqlc.yml") || err != nil {
		t.Errorf("sqlc.yml: %q, %v", got, err)
	}
	write(t, filepath.Join(dir, "sqlc.json"), "{}")
	var ie *lint.InputError
	if _, err := lint.FindSQLCConfig(dir); !errors.As(err, &ie) {
		t.Errorf("yml and json: err = %v, want an InputError", err)
	}
}

func TestSQLCGlob(t *testing.T) {
	dir := t.TempDir()
	for _, f := range []string{"a.sql", "b.sql", ".c.sql", "1.down.sql", "1.up.sql", "d.txt", "sub/e.sql"} {
		write(t, filepath.Join(dir, f), "SELECT 1;")
	}
	got, err := lint.SQLCGlob([]string{dir, filepath.Join(dir, "sub", "*.sql")})
	if err != nil {
		t.Fatal(err)
	}
	for i := range got {
		got[i], _ = filepath.Rel(dir, got[i])
	}
	want := []string{"1.up.sql", "a.sql", "b.sql", filepath.Join("sub", "e.sql")}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	// Like a missing path, a pattern that matches nothing is an error:
	// the config names files that are not there.
	for _, bad := range [][]string{{filepath.Join(dir, "missing.sql")}, {dir, filepath.Join(dir, "reports", "*.sql")}} {
		if _, err := lint.SQLCGlob(bad); err == nil {
			t.Errorf("%v gave no error", bad)
		}
	}
}

// TestLoadSQLCNoFiles checks that queries naming no .sql file are an
// InputError (exit status 2), not an empty lint.
func TestLoadSQLCNoFiles(t *testing.T) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, "queries", "README.md"), "no SQL here")
	write(t, filepath.Join(dir, "queries", "q.sql"), "SELECT 1;")
	tests := []struct{ name, queries, want string }{
		{"empty directory", "[docs/]", "app: queries: no .sql files in docs/"},
		{"glob matching nothing", "[queries/, reports/*.sql]", "app: queries: pattern " + filepath.Join(dir, "reports/*.sql") + " matches no files"},
		{"missing schema", "queries/\n    schema: schema/", "app: schema: path " + filepath.Join(dir, "schema") + " does not exist"},
	}
	write(t, filepath.Join(dir, "docs", "README.md"), "no SQL here")
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(dir, "sqlc.yaml")
			write(t, path, "version: \"2\"\nsql:\n  - name: app\n    engine: postgresql\n    queries: "+tt.queries+"\n")
			_, err := lint.LoadSQLC(path)
			var ie *lint.InputError
			if !errors.As(err, &ie) || ie.Msg != tt.want {
				t.Errorf("err = %v, want an InputError %q", err, tt.want)
			}
		})
	}
}

func write(t *testing.T, path, text string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

// FuzzFile feeds arbitrary text to the linter: an error or findings, never
// a panic, and the fix it computes is stable: linting the fixed text fixes
// nothing more.
func FuzzFile(f *testing.F) {
	for _, s := range []string{sample, "SELECT * FROM customers WHERE id = sqlc.arg(", "/* unterminated", "$a$ SELECT", "DELETE FROM customers; TRUNCATE invoices", "\xff\xfe", "SELECT 1\x00",
		"CREATE VIEW v AS SELECT s.begin FROM shifts s; SELECT * FROM customers",
		"SELECT c.name FROM customers c LEFT JOIN orders o ON o.customer_id = c.id WHERE c.deleted_at IS NULL AND o.is_deleted = false",
		"\uFEFFSELECT * FROM orders; -- @tombstone-ignore TS001 reason"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		d, _ := dialects.Lookup("postgres")
		res, err := fuzzLinter.File("f.sql", []byte(src), d)
		if err != nil {
			return
		}
		again, err := fuzzLinter.File("f.sql", []byte(res.Fixed), d)
		if err != nil {
			t.Fatalf("the fixed text does not lint: %v", err)
		}
		if again.Fixed != res.Fixed {
			t.Fatalf("fixing the fixed text changes it:\n%q\n%q", res.Fixed, again.Fixed)
		}
	})
}

var fuzzLinter = func() *lint.Linter {
	p, err := policy.Load(filepath.Join(repoRoot, "testdata/lint/tombstone.yaml"))
	if err != nil {
		panic(err)
	}
	l, err := lint.New(p, nil)
	if err != nil {
		panic(err)
	}
	return l
}()
