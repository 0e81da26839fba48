package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/sqlc-dev/plugin-sdk-go/plugin"
	"google.golang.org/protobuf/encoding/protojson"

	"github.com/tombstone-sql/tombstone/internal/sqlctool"
)

var update = flag.Bool("update", false, "rerun sqlc for the golden requests and rewrite the golden outputs of testdata/gen/sqlc-*")

// goldenCases are the plugin's golden cases under testdata/gen: a type
// schema of testdata/types and a policy of policies, per engine and
// sql_package.
var goldenCases = []struct {
	name, engine, dialect, sqlPackage string
	extra                             string // more plugin options, JSON
}{
	{"sqlc-postgres", "postgresql", "postgres", "", ""},
	{"sqlc-postgres-pgx", "postgresql", "postgres", "pgx/v5", `"migrations": "goose"`},
	{"sqlc-mysql", "mysql", "mysql", "", `"migrations": "golang-migrate", "migrations_dir": "db/migrations", "migration_name": "0002_tombstone"`},
	{"sqlc-sqlite", "sqlite", "sqlite", "", `"migrations": "sql", "migrations_dir": "schema", "migration_name": "tombstone"`},
}

// TestGolden answers each case's request.json — the request sqlc sends a
// plugin for the case's schema, as sqlc's json generator writes it, with
// the engines' system schemas left out — and compares the files with the
// case's out directory. -update reruns sqlc to refresh request.json, then
// rewrites out.
func TestGolden(t *testing.T) {
	for _, tc := range goldenCases {
		t.Run(tc.name, func(t *testing.T) {
			dir := filepath.Join("..", "..", "testdata", "gen", tc.name)
			if *update {
				refreshRequest(t, dir, tc.engine, tc.dialect)
			}
			req := readRequest(t, filepath.Join(dir, "request.json"))
			opts := `{"policy": "tombstone.yaml", "package": "db"`
			if tc.sqlPackage != "" {
				opts += `, "sql_package": "` + tc.sqlPackage + `"`
			}
			if tc.extra != "" {
				opts += ", " + tc.extra
			}
			req.PluginOptions = []byte(opts + "}")
			req.Settings.Codegen = &plugin.Codegen{Out: "db", Plugin: "tombstone"}
			t.Chdir(dir) // the policy option is relative to the directory sqlc runs in
			resp, err := generate(context.Background(), req)
			if err != nil {
				t.Fatal(err)
			}
			got := map[string]string{}
			for _, f := range resp.Files {
				got[f.Name] = string(f.Contents)
			}
			if *update {
				if err := os.RemoveAll("out"); err != nil {
					t.Fatal(err)
				}
				for name, s := range got {
					writeFile(t, filepath.Join("out", name), s)
				}
			}
			want := sqlctool.Files(t, "out", ".go", ".sql")
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("plugin output (-golden +got); go test ./cmd/sqlc-gen-tombstone -update rewrites it:\n%s", diff)
			}
		})
	}
}

// refreshRequest runs sqlc's json generator over the case's schema and
// policy and writes the request, without the system schemas, to
// dir/request.json; the schema and the policy are copied into dir too.
func refreshRequest(t *testing.T, dir, engine, dialect string) {
	t.Helper()
	copyFile(t, filepath.Join("testdata", "types", dialect+".sql"), filepath.Join(dir, "schema.sql"))
	writeFile(t, filepath.Join(dir, "tombstone.yaml"), policies[dialect])
	tmp := t.TempDir()
	copyFile(t, filepath.Join(dir, "schema.sql"), filepath.Join(tmp, "schema.sql"))
	writeFile(t, filepath.Join(tmp, "query.sql"), "-- name: Nop :exec\nSELECT 1;\n")
	writeFile(t, filepath.Join(tmp, "sqlc.yaml"), "version: \"2\"\nsql:\n  - engine: "+engine+"\n    schema: schema.sql\n    queries: query.sql\n    gen: {json: {out: out}}\n")
	sqlctool.Generate(t, sqlctool.Binary(t), "", tmp)
	req := readRequest(t, filepath.Join(tmp, "out", "codegen_request.json"))
	var keep []*plugin.Schema
	for _, s := range req.Catalog.Schemas {
		if !systemSchemas[s.Name] && s.Name != "pg_temp" {
			keep = append(keep, s)
		}
	}
	req.Catalog.Schemas = keep
	req.Queries = nil
	req.PluginOptions, req.GlobalOptions = nil, nil
	req.Settings.Codegen = nil
	b, err := protojson.MarshalOptions{UseProtoNames: true}.Marshal(req)
	if err != nil {
		t.Fatal(err)
	}
	// protojson's spacing is deliberately unstable; indent it the same way
	// every time.
	var compact, out bytes.Buffer
	if err := json.Compact(&compact, b); err != nil {
		t.Fatal(err)
	}
	if err := json.Indent(&out, compact.Bytes(), "", "  "); err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(dir, "request.json"), out.String()+"\n")
}
