package cli

import (
	"bytes"
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
	want := "SELECT *\n  FROM customers c   -- keep me\n WHERE (c.vip) AND c.deleted_at IS NULL;\n" +
		"-- @tombstone-ignore TS001 the archive report reads tombstones\nSELECT * FROM customers;\n" +
		"DELETE FROM invoices WHERE id = 1;\n" +
		"SELECT * FROM orders o JOIN customers c ON (c.id = o.customer_id) AND o.is_deleted IS NOT TRUE AND c.deleted_at IS NULL;\n"
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
	var stdout, stderr bytes.Buffer
	if code := Run([]string{"lint", "--policy", policyPath, "--dialect", "postgres", "--fix", "main.go"}, nil, &stdout, &stderr); code != exitUsage {
		t.Errorf("main.go: exit %d, want 2", code)
	}
	if got, _ := os.ReadFile("main.go"); string(got) != "package main\n" {
		t.Errorf("main.go was changed: %q", got)
	}
}
