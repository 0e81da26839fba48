package gen_test

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/tombstone-sql/tombstone/gen"
)

// FuzzSchemaCatalog feeds arbitrary schema text to the PostgreSQL and
// MySQL readers: a catalog or an ErrSchema, never a panic or another
// error.
//
//	go test ./gen -run '^$' -fuzz FuzzSchemaCatalog -parallel 1 -fuzztime 20s
func FuzzSchemaCatalog(f *testing.F) {
	for _, d := range []string{"postgres", "mysql"} {
		names, _ := filepath.Glob(filepath.Join("..", "examples", "store", "sqlc", d, "schema", "*.sql"))
		for _, n := range names {
			b, err := os.ReadFile(n)
			if err != nil {
				f.Fatal(err)
			}
			f.Add(string(b))
		}
	}
	f.Add("CREATE TABLE a (id int PRIMARY KEY);\nALTER TABLE a ADD COLUMN b text;\nALTER TABLE a DROP COLUMN b;\nDROP TABLE a;\n")
	f.Add("-- +goose Up\nCREATE TABLE a (id int);\n-- +goose Down\nDROP TABLE a;\n")
	f.Fuzz(func(t *testing.T, text string) {
		for _, d := range []string{"postgres", "mysql"} {
			cat, err := gen.SchemaCatalog(d, []gen.SchemaFile{{Path: "fuzz.sql", SQL: text}})
			if err != nil && !errors.Is(err, gen.ErrSchema) {
				t.Fatalf("%s: %v is not an ErrSchema", d, err)
			}
			if err == nil && cat.Dialect != d {
				t.Fatalf("%s: catalog of dialect %q", d, cat.Dialect)
			}
		}
	})
}
