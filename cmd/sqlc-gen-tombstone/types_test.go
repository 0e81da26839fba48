package main

import (
	"errors"
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/sqlc-dev/plugin-sdk-go/plugin"
	"google.golang.org/protobuf/encoding/protojson"

	"github.com/tombstone-sql/tombstone/gen"
	"github.com/tombstone-sql/tombstone/internal/sqlctool"
)

// TestTypesMatchSqlc runs sqlc's own Go generator over schemas holding
// every key and deletion-time type of each engine, NOT NULL and nullable,
// and compares the field types of its models.go with what gen.GoType
// answers for the same columns as this plugin receives them (sqlc's json
// generator writes the very request a plugin gets). sqlc is the oracle:
// no expected type is written down here. Columns named u_* are types
// tombstone does not map; GoType must refuse them with an error naming
// the column, never guess.
func TestTypesMatchSqlc(t *testing.T) {
	if testing.Short() {
		t.Skip("runs sqlc")
	}
	sqlc := sqlctool.Binary(t)
	dir := t.TempDir()
	for _, d := range []string{"postgres", "mysql", "sqlite"} {
		copyFile(t, filepath.Join("testdata", "types", d+".sql"), filepath.Join(dir, d+".sql"))
		writeFile(t, filepath.Join(dir, "q-"+d+".sql"), "-- name: Nop :exec\nSELECT 1;\n")
	}
	writeFile(t, filepath.Join(dir, "sqlc.yaml"), `version: "2"
sql:
  - engine: postgresql
    schema: postgres.sql
    queries: q-postgres.sql
    gen: {go: {package: pgstd, out: pgstd}, json: {out: pgstd}}
  - engine: postgresql
    schema: postgres.sql
    queries: q-postgres.sql
    gen: {go: {package: pgx, out: pgx, sql_package: pgx/v5}, json: {out: pgx}}
  - engine: mysql
    schema: mysql.sql
    queries: q-mysql.sql
    gen: {go: {package: mysql, out: mysql}, json: {out: mysql}}
  - engine: sqlite
    schema: sqlite.sql
    queries: q-sqlite.sql
    gen: {go: {package: sqlite, out: sqlite}, json: {out: sqlite}}
`)
	sqlctool.Generate(t, sqlc, "", dir)

	for _, tc := range []struct {
		out    string
		flavor gen.Flavor
	}{
		{"pgstd", gen.DatabaseSQL},
		{"pgx", gen.PgxV5},
		{"mysql", gen.DatabaseSQL},
		{"sqlite", gen.DatabaseSQL},
	} {
		t.Run(tc.out, func(t *testing.T) {
			req := readRequest(t, filepath.Join(dir, tc.out, "codegen_request.json"))
			dialect, err := dialectOf(req.GetSettings().GetEngine())
			if err != nil {
				t.Fatal(err)
			}
			models := modelFields(t, filepath.Join(dir, tc.out, "models.go"))
			cat := catalogOf(dialect, req.GetCatalog())
			want, got := map[string]string{}, map[string]string{}
			checked := 0
			for _, table := range cat.Tables {
				name := table.Name
				if table.Schema != "" {
					name = table.Schema + "." + name
				}
				fields, ok := models[structName(name)]
				if !ok {
					t.Fatalf("models.go has no struct %s for table %s (structs: %v)", structName(name), name, keys(models))
				}
				if len(fields) != len(table.Columns) {
					t.Fatalf("%s: %d columns in the catalog, %d fields in models.go", name, len(table.Columns), len(fields))
				}
				for i, c := range table.Columns {
					col := name + "." + c.Name
					if !strings.EqualFold(fields[i].name, strings.ReplaceAll(c.Name, "_", "")) {
						t.Fatalf("%s: field %d is %s", col, i, fields[i].name)
					}
					gt, err := gen.GoType(dialect, tc.flavor, name, c)
					if strings.HasPrefix(c.Name, "u_") {
						if !errors.Is(err, gen.ErrUnsupportedType) || !strings.Contains(err.Error(), col) {
							t.Errorf("%s (%s, sqlc: %s): GoType = %v, %v; want an ErrUnsupportedType naming %s", col, c.DBType, fields[i].typ, gt, err, col)
						}
						continue
					}
					want[col] = fields[i].typ
					if err != nil {
						got[col] = "error: " + err.Error()
					} else {
						got[col] = gt.Name
					}
					checked++
				}
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("Go types of %s columns: sqlc's models.go (-want) vs gen.GoType (+got):\n%s", tc.out, diff)
			}
			if checked < 15 {
				t.Errorf("only %d columns compared", checked)
			}
		})
	}
}

// structName is sqlc's model name for the test schemas' tables.
func structName(table string) string {
	return map[string]string{"kinds": "Kind", "app.accounts": "AppAccount"}[table]
}

func readRequest(t *testing.T, path string) *plugin.GenerateRequest {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	req := &plugin.GenerateRequest{}
	if err := protojson.Unmarshal(b, req); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return req
}

type field struct{ name, typ string }

// modelFields parses sqlc's models.go: struct name → fields in order, each
// with its type as written.
func modelFields(t *testing.T, path string) map[string][]field {
	t.Helper()
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, path, nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]field{}
	for _, decl := range f.Decls {
		g, ok := decl.(*ast.GenDecl)
		if !ok || g.Tok != token.TYPE {
			continue
		}
		for _, spec := range g.Specs {
			ts := spec.(*ast.TypeSpec)
			st, ok := ts.Type.(*ast.StructType)
			if !ok {
				continue
			}
			for _, fl := range st.Fields.List {
				for _, n := range fl.Names {
					out[ts.Name.Name] = append(out[ts.Name.Name], field{n.Name, types.ExprString(fl.Type)})
				}
			}
		}
	}
	return out
}

func keys[V any](m map[string]V) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	b, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, to, string(b))
}

func writeFile(t *testing.T, path, s string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
}
