// Package sqlc_test checks the store's sqlc project (the repository's
// sqlc.yaml): its schema files are the store's tables plus the DDL
// tombstone generates, the committed Go code is what sqlc and the plugin
// generate now, and the generated handles do what the policy says on the
// three servers.
package sqlc_test

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/tombstone-sql/tombstone/examples/store"
	"github.com/tombstone-sql/tombstone/gen"
	"github.com/tombstone-sql/tombstone/policy"
	"github.com/tombstone-sql/tombstone/schema"
)

var update = flag.Bool("update", false, "rewrite the store's sqlc schema files and generated code")

// dialects are the store's sqlc packages, by directory.
var dialects = []string{"postgres", "mysql", "sqlite"}

// storePolicy is the store's policy under the name sqlc.yaml gives it.
func storePolicy(t testing.TB) *policy.Policy {
	t.Helper()
	p, err := policy.Parse("examples/store/tombstone.yaml", store.Policy)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// schemaFiles are the contents sqlc's schema folder of a dialect must
// have: 001_store.sql, the store's tables as store.Schema creates them,
// and 002_tombstone.sql, the migration gen writes for sqlc's schema
// folder (what tombstone migrate prints).
func schemaFiles(t testing.TB, dialect string) map[string]string {
	t.Helper()
	stmts, err := store.Schema(dialect)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	b.WriteString("-- The store's tables before tombstone (examples/store.Schema); written by\n-- examples/store/sqlc's tests (go test -update).\n")
	for _, s := range stmts {
		b.WriteString("\n" + s + ";\n")
	}
	files := map[string]string{"001_store.sql": b.String()}
	p := storePolicy(t)
	if dialect == "mysql" {
		files["002_tombstone.sql"] = mysqlForSqlc(t, p)
		return files
	}
	mig, err := gen.Migration(p, dialect, gen.LayoutSQL, "002_tombstone")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range mig {
		files[f.Name] = string(f.Contents)
	}
	return files
}

// mysqlForSqlc is the MySQL migration as sqlc's MySQL parser (TiDB's) can
// read it: it refuses CREATE/DROP TRIGGER and the INVISIBLE attribute, so
// the triggers are left out and the generated column is visible to sqlc.
// The columns and tables, all sqlc needs, are those of tombstone migrate;
// the database itself gets the full DDL (the tests apply schema.Migrate).
func mysqlForSqlc(t testing.TB, p *policy.Policy) string {
	t.Helper()
	stmts, err := schema.Migrate(p, "mysql")
	if err != nil {
		t.Fatal(err)
	}
	var keep []schema.Statement
	for _, s := range stmts {
		if strings.Contains(s.SQL, " TRIGGER ") {
			continue
		}
		s.SQL = strings.ReplaceAll(s.SQL, " STORED INVISIBLE", " STORED")
		keep = append(keep, s)
	}
	var b bytes.Buffer
	b.WriteString(gen.SQLHeader + "\n-- Policy: " + p.Source + "; dialect: mysql, as sqlc's MySQL parser reads it: the\n" +
		"-- tables and columns of tombstone migrate, without its triggers and with\n" +
		"-- tombstone_live visible (the parser knows neither). Apply the full DDL\n" +
		"-- with tombstone migrate.\n\n")
	if err := schema.Write(&b, keep); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// TestSchemaFiles: each dialect's sqlc schema folder holds exactly the
// store's tables and tombstone's DDL; -update rewrites it.
func TestSchemaFiles(t *testing.T) {
	for _, d := range dialects {
		t.Run(d, func(t *testing.T) {
			dir := filepath.Join(d, "schema")
			want := schemaFiles(t, d)
			if *update {
				if err := os.RemoveAll(dir); err != nil {
					t.Fatal(err)
				}
				if err := os.MkdirAll(dir, 0o755); err != nil {
					t.Fatal(err)
				}
				for name, s := range want {
					if err := os.WriteFile(filepath.Join(dir, name), []byte(s), 0o644); err != nil {
						t.Fatal(err)
					}
				}
			}
			got := readDir(t, dir)
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("%s (-want +got); run go test ./examples/store/sqlc -update:\n%s", dir, diff)
			}
		})
	}
}

// readDir reads the regular files of dir by name.
func readDir(t testing.TB, dir string) map[string]string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, e := range entries {
		if e.Type().IsRegular() {
			b, err := os.ReadFile(filepath.Join(dir, e.Name()))
			if err != nil {
				t.Fatal(err)
			}
			got[e.Name()] = string(b)
		}
	}
	return got
}
