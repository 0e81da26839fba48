package gen_test

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestGenSQLC runs tombstone gen --sqlc on a sqlc.yaml whose three `sql`
// entries name the store's schema files, picking each entry by the --out
// its codegen writes to, and tombstone gen --dsn on a live database built
// from the same files: the Go file and the migration files must be
// byte-identical.
func TestGenSQLC(t *testing.T) {
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	tmp := t.TempDir()
	policyFile := filepath.Join(root, "examples", "store", "tombstone.yaml")
	schema := func(d string) string { return filepath.Join(root, "examples", "store", "sqlc", d, "schema") }
	yaml := "version: \"2\"\nsql:\n" +
		"  - engine: postgresql\n    schema: " + schema("postgres") + "\n    queries: q.sql\n    codegen:\n      - plugin: tombstone\n        out: pg\n" +
		"  - engine: mysql\n    schema: [" + schema("mysql") + "]\n    queries: q.sql\n    gen:\n      go:\n        out: my\n" +
		"  - engine: sqlite\n    schema: " + schema("sqlite") + "\n    queries: q.sql\n    gen:\n      go:\n        out: lite\n"
	sqlcFile := filepath.Join(tmp, "sqlc.yaml")
	write(t, sqlcFile, yaml)
	for _, c := range []struct{ dialect, engine, out, flavor string }{
		{"postgres", "postgresql", "pg", "pgx/v5"},
		{"mysql", "mysql", "my", "database/sql"},
		{"sqlite", "sqlite", "lite", "database/sql"},
	} {
		t.Run(c.dialect, func(t *testing.T) {
			_, url := liveFrom(t, c.dialect, rawFiles(t, schema(c.dialect))...)
			common := []string{"--policy", policyFile, "--package", "store", "--sql-package", c.flavor, "--migrations", "goose"}
			fromFiles := filepath.Join(tmp, c.out)
			args := append([]string{"gen", "--sqlc", sqlcFile, "--out", fromFiles, "--migrations-out", filepath.Join(fromFiles, "migrations")}, common...)
			if code, _, stderr := runCLI(args...); code != 0 {
				t.Fatalf("tombstone gen --sqlc: exit %d\n%s", code, stderr)
			}
			live := filepath.Join(t.TempDir(), "live")
			args = append([]string{"gen", "--dsn", url, "--out", live, "--migrations-out", filepath.Join(live, "migrations")}, common...)
			if code, _, stderr := runCLI(args...); code != 0 {
				t.Fatalf("tombstone gen --dsn: exit %d\n%s", code, stderr)
			}
			want, got := readTree(t, live), readTree(t, fromFiles)
			if len(want) < 2 {
				t.Fatalf("tombstone gen wrote %d files", len(want))
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("tombstone gen --sqlc differs from --dsn on the live database (-dsn +sqlc):\n%s", diff)
			}
			// --check agrees that --sqlc's files are up to date.
			check := append([]string{"gen", "--sqlc", sqlcFile, "--engine", c.engine, "--out", fromFiles, "--migrations-out", filepath.Join(fromFiles, "migrations"), "--check"}, common...)
			if code, stdout, stderr := runCLI(check...); code != 0 {
				t.Errorf("--check: exit %d\n%s%s", code, stdout, stderr)
			}
		})
	}
	// Refusals: each a usage error naming what to change.
	for _, r := range []struct {
		name string
		args []string
		want string
	}{
		{"several entries, no pick", []string{"--sqlc", sqlcFile, "--out", filepath.Join(tmp, "elsewhere")}, "has 3 `sql` entries (postgresql, mysql, sqlite) and 0 match; pass --engine"},
		{"dsn and sqlc", []string{"--sqlc", sqlcFile, "--dsn", "sqlite:x.db", "--out", filepath.Join(tmp, "pg")}, "--dsn and --sqlc both name where the tables come from; pass one"},
		{"engine without sqlc", []string{"--engine", "mysql", "--dsn", "sqlite:x.db", "--out", tmp}, "--engine picks an entry of --sqlc's file; pass --sqlc too"},
		{"missing file", []string{"--sqlc", filepath.Join(tmp, "nope.yaml"), "--out", tmp}, "nope.yaml: no such file"},
	} {
		args := append([]string{"gen", "--policy", policyFile, "--package", "store"}, r.args...)
		code, _, stderr := runCLI(args...)
		if code != 2 || !strings.Contains(stderr, r.want) {
			t.Errorf("%s: exit %d, stderr %q; want exit 2 and %q", r.name, code, stderr, r.want)
		}
	}
}
