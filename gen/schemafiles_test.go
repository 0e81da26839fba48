package gen_test

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"testing"

	_ "github.com/go-sql-driver/mysql"
	"github.com/google/go-cmp/cmp"
	_ "github.com/jackc/pgx/v5/stdlib"
	_ "modernc.org/sqlite"

	"github.com/tombstone-sql/tombstone/examples/store"
	"github.com/tombstone-sql/tombstone/gen"
	"github.com/tombstone-sql/tombstone/internal/testdb"
	"github.com/tombstone-sql/tombstone/policy"
)

// liveFrom builds a database of the dialect on its server from the files
// of dir (name order, executed as they are) and opens it plainly.
func liveFrom(t *testing.T, dialect string, sqls ...string) *sql.DB {
	t.Helper()
	var db *sql.DB
	switch dialect {
	case "postgres":
		dsn, _ := testdb.PostgresSchema(t)
		db = open(t, "pgx", dsn)
	case "mysql":
		dsn, _ := testdb.MySQLDatabase(t, "multiStatements=true")
		db = open(t, "mysql", dsn)
	case "sqlite":
		db = open(t, "sqlite", "file:"+filepath.Join(t.TempDir(), "live.db"))
	}
	for _, s := range sqls {
		if _, err := db.Exec(s); err != nil {
			t.Fatalf("building the live %s database: %v\n%s", dialect, err, s)
		}
	}
	return db
}

func open(t *testing.T, driver, dsn string) *sql.DB {
	t.Helper()
	db, err := sql.Open(driver, dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// rawFiles reads the .sql files of dir in name order, as they are.
func rawFiles(t *testing.T, dir string) []string {
	t.Helper()
	names, err := filepath.Glob(filepath.Join(dir, "*.sql"))
	if err != nil || len(names) == 0 {
		t.Fatalf("no schema files in %s: %v", dir, err)
	}
	var out []string
	for _, n := range names {
		b, err := os.ReadFile(n)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, string(b))
	}
	return out
}

// TestSchemaCatalogStore reads the store's sqlc schema files
// (examples/store/sqlc/DIALECT/schema) without a server and compares the
// catalog with the one the server's own catalog gives for a database
// built from the same files; the generated code must be byte-identical
// both ways.
func TestSchemaCatalogStore(t *testing.T) {
	p, err := policy.Parse("examples/store/tombstone.yaml", store.Policy)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ dialect, dir string }{
		{"postgres", "postgres"}, {"mysql", "mysql"}, {"sqlite", "sqlite"},
	} {
		t.Run(c.dialect, func(t *testing.T) {
			dir := filepath.Join("..", "examples", "store", "sqlc", c.dir, "schema")
			files, err := gen.ReadSchema(dir)
			if err != nil {
				t.Fatal(err)
			}
			fromFiles, err := gen.SchemaCatalog(c.dialect, files)
			if err != nil {
				t.Fatal(err)
			}
			live, err := gen.ReadCatalog(context.Background(), liveFrom(t, c.dialect, rawFiles(t, dir)...), c.dialect)
			if err != nil {
				t.Fatal(err)
			}
			if len(live.Tables) < 5 {
				t.Fatalf("the live database has %d tables, want the store's 4 and the audit table", len(live.Tables))
			}
			if diff := cmp.Diff(live, fromFiles); diff != "" {
				t.Errorf("catalog from the files differs from the live one (-live +files):\n%s", diff)
			}
			for _, flavor := range flavors(c.dialect) {
				cfg := gen.Config{Package: "store", Flavor: flavor, Policy: p, Source: "tombstone.yaml"}
				cfg.Catalog = live
				want, err := gen.Generate(cfg)
				if err != nil {
					t.Fatal(err)
				}
				cfg.Catalog = fromFiles
				got, err := gen.Generate(cfg)
				if err != nil {
					t.Fatal(err)
				}
				if diff := cmp.Diff(want, got); diff != "" {
					t.Errorf("%s: generated code from the files differs (-live +files):\n%s", flavor, diff)
				}
			}
		})
	}
}

func flavors(dialect string) []gen.Flavor {
	if dialect == "postgres" {
		return []gen.Flavor{gen.DatabaseSQL, gen.PgxV5}
	}
	return []gen.Flavor{gen.DatabaseSQL}
}
