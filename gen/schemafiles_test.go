package gen_test

import (
	"context"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"strings"
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

// liveFrom builds a database of the dialect on its server from sqls
// (each executed as it is) and opens it plainly; url is its database URL
// for tombstone gen --dsn.
func liveFrom(t *testing.T, dialect string, sqls ...string) (db *sql.DB, url string) {
	t.Helper()
	switch dialect {
	case "postgres":
		dsn, _ := testdb.PostgresSchema(t)
		db, url = open(t, "pgx", dsn), dsn
	case "mysql":
		dsn, name := testdb.MySQLDatabase(t, "multiStatements=true")
		db, url = open(t, "mysql", dsn), "mysql://root@127.0.0.1:3306/"+name
	case "sqlite":
		path := filepath.Join(t.TempDir(), "live.db")
		db, url = open(t, "sqlite", "file:"+path), "sqlite:"+path
	}
	for _, s := range sqls {
		if _, err := db.Exec(s); err != nil {
			t.Fatalf("building the live %s database: %v\n%s", dialect, err, s)
		}
	}
	return db, url
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
			db, _ := liveFrom(t, c.dialect, rawFiles(t, dir)...)
			live, err := gen.ReadCatalog(context.Background(), db, c.dialect)
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

// migration is one schema file of TestReadSchemaMigrations: its up and
// down statements, written in a migration tool's layout.
type migration struct {
	name, up, down string
	layout         func(up, down string) string
}

// TestReadSchemaMigrations writes each migration tool's layout (goose,
// sql-migrate, dbmate, tern, golang-migrate's file pair) with a down part
// that would change the catalog, a hidden file and one that is not SQL,
// and compares the catalog read from the files with a live database the
// test builds from the up parts only.
func TestReadSchemaMigrations(t *testing.T) {
	migs := []migration{
		{"001_a.sql", "CREATE TABLE a (id integer PRIMARY KEY, name varchar(40) NOT NULL);", "DROP TABLE a;",
			func(up, down string) string { return "-- +goose Up\n" + up + "\n\n-- +goose Down\n" + down + "\n" }},
		{"002_b.sql", "CREATE TABLE b (id bigint NOT NULL, n integer NOT NULL, PRIMARY KEY (id, n));", "DROP TABLE b;",
			func(up, down string) string {
				// sqlc reads nothing after the first rollback marker, an Up
				// after it neither.
				return "-- +migrate Up\n" + up + "\n-- +migrate Down\n" + down + "\n-- +migrate Up\nALTER TABLE b ADD COLUMN again integer;\n"
			}},
		{"003_c.sql", "ALTER TABLE a ADD COLUMN note text;", "ALTER TABLE a DROP COLUMN note;",
			func(up, down string) string { return "-- migrate:up\n" + up + "\n\n-- migrate:down\n" + down + "\n" }},
		{"004_d.sql", "CREATE TABLE d (id integer PRIMARY KEY);", "DROP TABLE d;",
			func(up, down string) string { return up + "\n---- create above / drop below ----\n" + down + "\n" }},
	}
	for _, dialect := range []string{"postgres", "mysql", "sqlite"} {
		t.Run(dialect, func(t *testing.T) {
			dir := t.TempDir()
			var ups []string
			for _, m := range migs {
				write(t, filepath.Join(dir, m.name), m.layout(m.up, m.down))
				ups = append(ups, m.up)
			}
			write(t, filepath.Join(dir, "005_e.up.sql"), "CREATE TABLE e (id integer PRIMARY KEY);\n")
			write(t, filepath.Join(dir, "005_e.down.sql"), "DROP TABLE e;\n")
			write(t, filepath.Join(dir, "notes.txt"), "not SQL\n")
			write(t, filepath.Join(dir, ".hidden.sql"), "CREATE TABLE hidden (id integer);\n")
			ups = append(ups, "CREATE TABLE e (id integer PRIMARY KEY);")
			db, _ := liveFrom(t, dialect, ups...)
			live, err := gen.ReadCatalog(context.Background(), db, dialect)
			if err != nil {
				t.Fatal(err)
			}
			files, err := gen.ReadSchema(dir)
			if err != nil {
				t.Fatal(err)
			}
			got, err := gen.SchemaCatalog(dialect, files)
			if err != nil {
				t.Fatal(err)
			}
			if len(live.Tables) != 4 {
				t.Fatalf("the live database has %d tables, want a, b, d, e", len(live.Tables))
			}
			if diff := cmp.Diff(live, got); diff != "" {
				t.Errorf("catalog from the migrations differs from the live one built from their up parts (-live +files):\n%s", diff)
			}
		})
	}
}

// TestSchemaCatalogRefusals: a schema the generator cannot read is an
// error naming the file, the line and column where it can, and what to
// change; never a guess.
func TestSchemaCatalogRefusals(t *testing.T) {
	for _, c := range []struct {
		name, dialect, sql string
		want               []string
	}{
		{"postgres syntax", "postgres", "CREATE TABLE a (id integer);\n\nCREATE TABLEE b (id integer);\n", []string{"bad.sql:3:", "syntax error", "fix the statement"}},
		{"postgres unknown table", "postgres", "-- first\nALTER TABLE nope ADD COLUMN x integer;\n", []string{"bad.sql:2:1", "ALTER TABLE nope", "list the files that create it first"}},
		{"postgres twice", "postgres", "CREATE TABLE a (id integer);\n  CREATE TABLE a (id integer);\n", []string{"bad.sql:2:3", "created twice"}},
		{"mysql syntax", "mysql", "CREATE TABLE a (id INT);\nCREATE TABLEE b (id INT);\n", []string{"bad.sql:", "line 2", "fix the statement"}},
		{"mysql column twice", "mysql", "CREATE TABLE a (id INT);\nALTER TABLE a ADD COLUMN id INT;\n", []string{"bad.sql:2:1", "already has a column id"}},
		{"sqlite", "sqlite", "CREATE TABLE a (id integer);\nALTER TABLE nope ADD COLUMN x;\n", []string{"bad.sql", "no such table: nope", "so that SQLite runs it"}},
		{"dialect", "oracle", "", []string{"dialect \"oracle\""}},
		{"postgres like", "postgres", "CREATE TABLE a (id integer);\nCREATE TABLE b (LIKE a);\n", []string{"bad.sql:2:1", "(LIKE …)", "write them out"}},
		{"postgres inherits", "postgres", "CREATE TABLE a (id integer);\nCREATE TABLE b (n int) INHERITS (a);\n", []string{"bad.sql:2:1", "INHERITS", "write them out"}},
		{"mysql like", "mysql", "CREATE TABLE a (id INT);\nCREATE TABLE b LIKE a;\n", []string{"bad.sql:2:1", "LIKE/AS SELECT"}},
		{"sqlite attach", "sqlite", "CREATE TABLE a (id integer);\nATTACH DATABASE 'attached-by-schema.db' AS other;\n", []string{"bad.sql", "too many attached databases"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "bad.sql")
			write(t, path, c.sql)
			files, err := gen.ReadSchema(path)
			if err != nil {
				t.Fatal(err)
			}
			_, err = gen.SchemaCatalog(c.dialect, files)
			if err == nil {
				t.Fatal("no error")
			}
			for _, w := range c.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not say %q", err, w)
				}
			}
		})
	}
	if _, err := os.Stat("attached-by-schema.db"); !os.IsNotExist(err) {
		os.Remove("attached-by-schema.db")
		t.Error("a SQLite schema file attached a database file")
	}
	if _, err := gen.ReadSchema(t.TempDir()); !errors.Is(err, gen.ErrNoSchema) {
		t.Errorf("an empty schema directory: %v, want ErrNoSchema", err)
	}
}

// TestSchemaCatalogAlter: the statements that change a table after its
// CREATE TABLE (types, nullability, renames, a primary key added) give the
// catalog the server gives for the same statements.
func TestSchemaCatalogAlter(t *testing.T) {
	for dialect, stmts := range map[string][]string{
		"postgres": {
			"CREATE TABLE t1 (id integer, code varchar(10), note text NOT NULL);",
			"ALTER TABLE t1 ALTER COLUMN code TYPE varchar(40), ALTER COLUMN id SET NOT NULL;",
			"ALTER TABLE t1 ALTER COLUMN note DROP NOT NULL;",
			"ALTER TABLE t1 RENAME COLUMN note TO remark;",
			"ALTER TABLE t1 RENAME TO t2;",
			"CREATE TABLE t3 (a bigint, b int8, c int4);",
			"ALTER TABLE t3 ADD PRIMARY KEY (a, b);",
			"ALTER TABLE t3 DROP COLUMN c;",
			"CREATE TABLE t4 (id serial PRIMARY KEY, tags text[], amount numeric(12,3), at timestamp(3), ok bool, u uuid, f float8, ch char(2), s bigserial, g integer GENERATED ALWAYS AS IDENTITY, \"Quoted\" text);",
			"CREATE TABLE gone (id integer);",
			"DROP TABLE gone;",
		},
		"mysql": {
			"CREATE TABLE t1 (id INT, code VARCHAR(10), note TEXT NOT NULL);",
			"ALTER TABLE t1 MODIFY code VARCHAR(40) NOT NULL;",
			"ALTER TABLE t1 CHANGE note remark TEXT;",
			"ALTER TABLE t1 RENAME COLUMN remark TO remark2;",
			"ALTER TABLE t1 ADD PRIMARY KEY (id);",
			"ALTER TABLE t1 MODIFY ID BIGINT;",
			"RENAME TABLE t1 TO t2;",
			"CREATE TABLE t3 (flag TINYINT(1) NOT NULL, n INT UNSIGNED, big BIGINT UNSIGNED NOT NULL, d DECIMAL(8,2), at DATETIME(3), s SMALLINT, ts TIMESTAMP NULL, b BOOLEAN, ch CHAR(3));",
			"ALTER TABLE t3 RENAME TO t4;",
			"CREATE TABLE gone (id INT);",
			"DROP TABLE gone;",
		},
		"sqlite": {
			"CREATE TABLE t1 (id INTEGER, code VARCHAR(10), note TEXT NOT NULL);",
			"ALTER TABLE t1 RENAME COLUMN note TO remark;",
			"ALTER TABLE t1 RENAME TO t2;",
			"ALTER TABLE t2 ADD COLUMN extra INT;",
			"ALTER TABLE t2 DROP COLUMN extra;",
			"CREATE TABLE t3 (a INTEGER NOT NULL, b TEXT NOT NULL, PRIMARY KEY (a, b));",
		},
	} {
		t.Run(dialect, func(t *testing.T) {
			db, _ := liveFrom(t, dialect, stmts...)
			live, err := gen.ReadCatalog(context.Background(), db, dialect)
			if err != nil {
				t.Fatal(err)
			}
			path := filepath.Join(t.TempDir(), "schema.sql")
			write(t, path, strings.Join(stmts, "\n")+"\n")
			files, err := gen.ReadSchema(path)
			if err != nil {
				t.Fatal(err)
			}
			got, err := gen.SchemaCatalog(dialect, files)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(live, got); diff != "" {
				t.Errorf("catalog from the statements differs from the server's (-live +files):\n%s", diff)
			}
		})
	}
}
