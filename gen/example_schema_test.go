package gen_test

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/tombstone-sql/tombstone/gen"
)

// ExampleSchemaCatalog reads a schema directory as sqlc reads it: the
// .sql files in name order, goose's Down section and golang-migrate's
// .down.sql file left out.
func ExampleSchemaCatalog() {
	dir, err := os.MkdirTemp("", "schema")
	if err != nil {
		panic(err)
	}
	defer os.RemoveAll(dir)
	files := map[string]string{
		"001_customers.sql": `-- +goose Up
CREATE TABLE customers (id bigserial PRIMARY KEY, email varchar(255) NOT NULL);
-- +goose Down
DROP TABLE customers;
`,
		"002_tombstone.up.sql":   "ALTER TABLE customers ADD COLUMN deleted_at timestamptz;\n",
		"002_tombstone.down.sql": "ALTER TABLE customers DROP COLUMN deleted_at;\n",
	}
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			panic(err)
		}
	}
	schema, err := gen.ReadSchema(dir)
	if err != nil {
		panic(err)
	}
	cat, err := gen.SchemaCatalog("postgres", schema)
	if err != nil {
		panic(err)
	}
	for _, t := range cat.Tables {
		for _, c := range t.Columns {
			fmt.Printf("%s.%s %s not null: %v\n", t.Name, c.Name, c.DBType, c.NotNull)
		}
	}
	// Output:
	// customers.id pg_catalog.int8 not null: true
	// customers.email pg_catalog.varchar not null: true
	// customers.deleted_at pg_catalog.timestamptz not null: false
}
