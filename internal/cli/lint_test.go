package cli

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestLintFix runs tombstone lint --fix on a copy of a file: the fix
// keeps formatting and suppressed statements, a second run changes
// nothing, and what cannot be fixed is still reported.
func TestLintFix(t *testing.T) {
	policyPath, err := filepath.Abs("../../testdata/lint/tombstone.yaml")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	t.Chdir(dir)
	src := "SELECT *\n  FROM customers c   -- keep me\n WHERE c.vip;\n" +
		"-- @tombstone-ignore TS001 the archive report reads tombstones\nSELECT * FROM customers;\n" +
		"DELETE FROM invoices WHERE id = 1;\n" +
		"SELECT * FROM orders o JOIN customers c ON c.id = o.customer_id;\n"
	want := "SELECT *\n  FROM customers c   -- keep me\n WHERE c.deleted_at IS NULL AND (c.vip);\n" +
		"-- @tombstone-ignore TS001 the archive report reads tombstones\nSELECT * FROM customers;\n" +
		"DELETE FROM invoices WHERE id = 1;\n" +
		"SELECT * FROM orders o JOIN customers c ON o.is_deleted IS NOT TRUE AND c.deleted_at IS NULL AND (c.id = o.customer_id);\n"
	if err := os.WriteFile("report.sql", []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile("main.go", []byte("package main\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	args := []string{"lint", "--policy", policyPath, "--dialect", "postgres", "--fix", "report.sql"}
	for run := 1; run <= 2; run++ {
		var stdout, stderr bytes.Buffer
		code := Run(args, nil, &stdout, &stderr)
		if code != exitFinding || stderr.Len() > 0 {
			t.Fatalf("run %d: exit %d, stderr %q; want 1 for the retained DELETE", run, code, stderr.String())
		}
		if got := strings.TrimSpace(stdout.String()); !strings.HasPrefix(got, "report.sql:6:13: TS003 delete-retain-table:") || strings.Count(got, "\n") != 0 {
			t.Errorf("run %d: stdout %q; want only the TS003 finding", run, got)
		}
		got, err := os.ReadFile("report.sql")
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(want, string(got)); diff != "" {
			t.Errorf("run %d: fixed file (-want +got):\n%s", run, diff)
		}
	}
	if err := os.WriteFile("go.mod", []byte("module example.com/fix\n\ngo 1.26\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	goSrc := "package main\n\nimport \"database/sql\"\n\nfunc main() { sql.Open(\"x\", \"\"); var db *sql.DB; db.Query(\"SELECT * FROM customers\") }\n"
	if err := os.WriteFile("main.go", []byte(goSrc), 0o644); err != nil {
		t.Fatal(err)
	}
	var stdout, stderr bytes.Buffer
	if code := Run([]string{"lint", "--policy", policyPath, "--dialect", "postgres", "--fix", "./..."}, nil, &stdout, &stderr); code != exitFinding {
		t.Errorf("./...: exit %d (stderr %q), want 1 for the Go finding", code, stderr.String())
	}
	if got, _ := os.ReadFile("main.go"); string(got) != goSrc {
		t.Errorf("main.go was changed: %q", got)
	}
}

// TestLintGo lints Go packages through the analyzer: findings in every
// format, suppressed ones listed as suppressed, the table named.
func TestLintGo(t *testing.T) {
	policyPath, err := filepath.Abs("../../testdata/lint/tombstone.yaml")
	if err != nil {
		t.Fatal(err)
	}
	t.Chdir(t.TempDir())
	files := map[string]string{
		"go.mod": "module example.com/golint\n\ngo 1.26\n",
		"q.go": "package golint\n\nimport \"database/sql\"\n\n" +
			"func Count(db *sql.DB) (*sql.Rows, error) {\n\treturn db.Query(\"SELECT * FROM customers WHERE region = 'eu'\")\n}\n\n" +
			"func Export(db *sql.DB) (*sql.Rows, error) {\n\t//tombstone:ignore TS001 the export keeps tombstones\n\treturn db.Query(\"SELECT * FROM orders\")\n}\n",
		"q_test.go": "package golint\n\nimport (\n\t\"database/sql\"\n\t\"testing\"\n)\n\n" +
			"func TestCount(t *testing.T) {\n\tvar db *sql.DB\n\tif db != nil {\n\t\tdb.Query(\"SELECT * FROM customers\")\n\t}\n}\n",
	}
	for name, text := range files {
		if err := os.WriteFile(name, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	var stdout, stderr bytes.Buffer
	code := Run([]string{"lint", "--policy", policyPath, "--dialect", "postgres", "--format", "json", "./..."}, nil, &stdout, &stderr)
	if code != exitFinding {
		t.Fatalf("exit %d, stderr %q; want 1", code, stderr.String())
	}
	var got []struct {
		File, Rule, Table, Suggestion string
		Line                          int
		Suppressed                    bool
	}
	if err := json.Unmarshal(stdout.Bytes(), &got); err != nil {
		t.Fatalf("%v\n%s", err, stdout.String())
	}
	type row struct {
		File, Rule, Table string
		Line              int
		Suppressed, Fix   bool
	}
	var rows []row
	for _, f := range got {
		rows = append(rows, row{f.File, f.Rule, f.Table, f.Line, f.Suppressed, strings.Contains(f.Suggestion, "customers.deleted_at IS NULL")})
	}
	want := []row{{"q.go", "TS001", "customers", 6, false, true}, {"q.go", "TS001", "orders", 11, true, false}, {"q_test.go", "TS001", "customers", 11, false, true}}
	if diff := cmp.Diff(want, rows); diff != "" {
		t.Errorf("findings (-want +got):\n%s", diff)
	}
}
