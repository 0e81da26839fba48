package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tombstone-sql/tombstone/internal/sqlctool"
)

// pluginYAML is a sqlc.yaml running sqlc's Go generator and the plugin
// into the same package for each engine and sql_package, over the type
// schemas of testdata/types. The plugin is looked up by bare name on
// sqlc's PATH.
const pluginYAML = `version: "2"
plugins:
  - name: tombstone
    process: {cmd: sqlc-gen-tombstone}
sql:
  - engine: postgresql
    schema: postgres.sql
    queries: q-postgres.sql
    gen: {go: {package: pgstd, out: pgstd}}
    codegen: [{plugin: tombstone, out: pgstd, options: {policy: postgres.yaml, migrations: golang-migrate}}]
  - engine: postgresql
    schema: postgres.sql
    queries: q-postgres.sql
    gen: {go: {package: pgxdb, out: pgxdb, sql_package: pgx/v5}}
    codegen: [{plugin: tombstone, out: pgxdb, options: {policy: postgres.yaml, sql_package: pgx/v5}}]
  - engine: mysql
    schema: mysql.sql
    queries: q-mysql.sql
    gen: {go: {package: mysqldb, out: mysqldb}}
    codegen: [{plugin: tombstone, out: mysqldb, options: {policy: mysql.yaml}}]
  - engine: sqlite
    schema: sqlite.sql
    queries: q-sqlite.sql
    gen: {go: {package: sqlitedb, out: sqlitedb}}
    codegen: [{plugin: tombstone, out: sqlitedb, options: {policy: sqlite.yaml}}]
`

// policies govern the type schemas' tables with composite keys of
// several types, so the generated key structs mix them.
var policies = map[string]string{
	"postgres": "version: 1\ntables:\n  kinds:\n    delete: soft\n    column: n_timestamptz\n    key: [k_uuid, k_int8, k_text]\n    restore_window: 7d\n  app.accounts:\n    delete: soft\n    column: deleted_at\n    key: [id]\n",
	"mysql":    "version: 1\ntables:\n  kinds:\n    delete: soft\n    column: n_datetime6\n    key: [k_ubigint, k_varchar]\n",
	"sqlite":   "version: 1\ntables:\n  kinds:\n    delete: soft\n    column: n_datetime\n    key: [k_integer]\n",
}

// project lays out the type schemas, their policies and a sqlc.yaml in a
// fresh directory.
func project(t *testing.T, yaml string) string {
	t.Helper()
	dir := t.TempDir()
	for d, p := range policies {
		copyFile(t, filepath.Join("testdata", "types", d+".sql"), filepath.Join(dir, d+".sql"))
		writeFile(t, filepath.Join(dir, "q-"+d+".sql"), "-- name: Nop :exec\nSELECT 1;\n")
		writeFile(t, filepath.Join(dir, d+".yaml"), p)
	}
	writeFile(t, filepath.Join(dir, "sqlc.yaml"), yaml)
	return dir
}

// TestPluginCompiles runs sqlc with its Go generator and the plugin into
// the same packages, and builds them: the handles compile beside sqlc's
// code for every engine and sql_package.
func TestPluginCompiles(t *testing.T) {
	if testing.Short() {
		t.Skip("runs sqlc and builds its output")
	}
	sqlc := sqlctool.Binary(t)
	root := sqlctool.Root(t)
	plugin := sqlctool.Plugin(t, root)
	dir := project(t, pluginYAML)
	sqlctool.Generate(t, sqlc, plugin, dir)
	for _, pkg := range []string{"pgstd", "pgxdb", "mysqldb", "sqlitedb"} {
		b, err := os.ReadFile(filepath.Join(dir, pkg, "tombstone.go"))
		if err != nil {
			t.Fatalf("the plugin wrote no tombstone.go into %s: %v", pkg, err)
		}
		if !strings.Contains(string(b), "package "+pkg+"\n") {
			t.Errorf("%s/tombstone.go is not in package %s", pkg, pkg)
		}
	}
	for _, f := range []string{"0001_tombstone.up.sql", "0001_tombstone.down.sql"} {
		if _, err := os.Stat(filepath.Join(dir, "pgstd", "migrations", f)); err != nil {
			t.Errorf("the migrations option wrote no %s under out: %v", f, err)
		}
	}
	vetModule(t, root, dir, "./...")
}

// TestPluginFromAnotherDirectory: with sqlc -f, a bare plugin name still
// resolves on sqlc's PATH, and the policy option is read relative to the
// directory sqlc runs in (not the config file's).
func TestPluginFromAnotherDirectory(t *testing.T) {
	if testing.Short() {
		t.Skip("runs sqlc")
	}
	sqlc := sqlctool.Binary(t)
	plugin := sqlctool.Plugin(t, sqlctool.Root(t))
	dir := project(t, strings.ReplaceAll(pluginYAML, "policy: ", "policy: sub/"))
	parent := t.TempDir()
	sub := filepath.Join(parent, "sub")
	if err := os.Rename(dir, sub); err != nil {
		t.Fatal(err)
	}
	if out, err := sqlctool.Run(sqlc, plugin, parent, "generate", "-f", "sub/sqlc.yaml"); err != nil {
		t.Fatalf("sqlc generate -f sub/sqlc.yaml: %v\n%s", err, out)
	}
	if _, err := os.Stat(filepath.Join(sub, "pgstd", "tombstone.go")); err != nil {
		t.Errorf("no tombstone.go beside sub/sqlc.yaml's output: %v", err)
	}
}

// TestPluginErrors: what a user gets wrong is a clear error from sqlc
// generate naming what to change, and no file is written.
func TestPluginErrors(t *testing.T) {
	if testing.Short() {
		t.Skip("runs sqlc")
	}
	sqlc := sqlctool.Binary(t)
	plugin := sqlctool.Plugin(t, sqlctool.Root(t))
	one := func(engine, schema, options string) string {
		return "version: \"2\"\nplugins:\n  - name: tombstone\n    process: {cmd: sqlc-gen-tombstone}\nsql:\n  - engine: " + engine +
			"\n    schema: " + schema + "\n    queries: q-postgres.sql\n    codegen: [{plugin: tombstone, out: db, options: " + options + "}]\n"
	}
	for _, tc := range []struct {
		name, yaml string
		policy     string // written to bad.yaml when set
		want       []string
	}{
		{"unsupported key type", one("postgresql", "postgres.sql", "{policy: bad.yaml}"),
			"version: 1\ntables:\n  kinds:\n    delete: soft\n    column: n_timestamptz\n    key: [u_numeric]\n",
			[]string{"kinds.u_numeric", "numeric"}},
		{"array key", one("postgresql", "postgres.sql", "{policy: bad.yaml}"),
			"version: 1\ntables:\n  kinds:\n    delete: soft\n    column: n_timestamptz\n    key: [u_int_array]\n",
			[]string{"kinds.u_int_array", "array"}},
		{"table not in the schema", one("postgresql", "postgres.sql", "{policy: bad.yaml}"),
			"version: 1\ntables:\n  orders:\n    delete: soft\n    column: deleted_at\n",
			[]string{"orders"}},
		{"bad policy", one("postgresql", "postgres.sql", "{policy: bad.yaml}"),
			"version: 1\ntables:\n  kinds:\n    delete: sometimes\n",
			[]string{"bad.yaml:4:"}},
		{"missing policy file", one("postgresql", "postgres.sql", "{policy: nowhere.yaml}"), "",
			[]string{"nowhere.yaml", "relative to the directory sqlc runs in"}},
		{"no policy option", one("postgresql", "postgres.sql", "{package: db}"), "",
			[]string{"options: {policy: tombstone.yaml}"}},
		{"misspelt option", one("postgresql", "postgres.sql", "{policy: postgres.yaml, sql_pakage: pgx/v5}"), "",
			[]string{`unknown field "sql_pakage"`}},
		{"pgx for mysql", one("mysql", "mysql.sql", "{policy: mysql.yaml, sql_package: pgx/v5}"), "",
			[]string{"pgx/v5", "database/sql"}},
		{"unknown migrations layout", one("postgresql", "postgres.sql", "{policy: postgres.yaml, migrations: flyway}"), "",
			[]string{`"flyway"`, "goose"}},
		{"package not an identifier", one("postgresql", "postgres.sql", "{policy: postgres.yaml, package: my-db}"), "",
			[]string{`"my-db"`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := project(t, tc.yaml)
			if tc.policy != "" {
				writeFile(t, filepath.Join(dir, "bad.yaml"), tc.policy)
			}
			out, err := sqlctool.Run(sqlc, plugin, dir, "generate")
			if err == nil {
				t.Fatalf("sqlc generate succeeded:\n%s", out)
			}
			if _, ok := err.(*exec.ExitError); !ok {
				t.Fatal(err)
			}
			for _, w := range tc.want {
				if !strings.Contains(string(out), w) {
					t.Errorf("output does not say %q:\n%s", w, out)
				}
			}
			if strings.Contains(string(out), "panic") {
				t.Errorf("the plugin panicked:\n%s", out)
			}
			if _, err := os.Stat(filepath.Join(dir, "db")); !os.IsNotExist(err) {
				t.Errorf("files were written: %v", err)
			}
		})
	}
}

// vetModule runs go vet on pkgs of a scratch module in dir that requires
// this module (at root).
func vetModule(t *testing.T, root, dir string, pkgs ...string) {
	t.Helper()
	writeFile(t, filepath.Join(dir, "go.mod"), "module example.com/generated\n\ngo 1.24\n\nrequire github.com/tombstone-sql/tombstone v0.0.0\n\nreplace github.com/tombstone-sql/tombstone => "+root+"\n")
	copyFile(t, filepath.Join(root, "go.sum"), filepath.Join(dir, "go.sum"))
	cmd := exec.Command("go", append([]string{"vet"}, pkgs...)...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "GOWORK=off", "GOPROXY=off")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go vet of the generated code: %v\n%s", err, out)
	}
}
