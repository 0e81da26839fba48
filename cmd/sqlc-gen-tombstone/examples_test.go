package main

import (
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tombstone-sql/tombstone/internal/sqlctool"
	"github.com/tombstone-sql/tombstone/internal/testdb"
)

// example is one of sqlc's examples with a soft table added: the DDL
// appended to its schema, the policy, and a test of the generated handles
// (none: the code must compile and sqlc's own tests still pass).
type example struct {
	dir        string // under sqlc's examples/, e.g. authors/postgresql
	engine     string
	pkg        string
	sqlPackage string
	schema     string // relative to dir: a file, or a folder
	queries    string
	emit       []string // sqlc emit_* options the example sets
	ddl        string
	policy     string
	test       string
}

var examples = []example{
	{dir: "authors/postgresql", engine: "postgresql", pkg: "authors", sqlPackage: "pgx/v5", schema: "schema.sql", queries: "query.sql",
		ddl:    "ALTER TABLE authors ADD COLUMN deleted_at timestamptz;",
		policy: "version: 1\ntables:\n  authors:\n    delete: soft\n    column: deleted_at\n    restore_window: 30d\n",
		test:   authorsPgx},
	{dir: "authors/mysql", engine: "mysql", pkg: "authors", schema: "schema.sql", queries: "query.sql",
		ddl:    "ALTER TABLE authors ADD COLUMN deleted_at DATETIME(6) NULL;",
		policy: "version: 1\ntables:\n  authors:\n    delete: soft\n    column: deleted_at\n    restore_window: 30d\n",
		test: strings.ReplaceAll(authorsSQL, "OPEN", `uri := local.MySQL(t, []string{"schema.sql"})
	db, err := tombstone.OpenDB("mysql", uri, p, tombstone.WithDialect("mysql"))`)},
	{dir: "authors/sqlite", engine: "sqlite", pkg: "authors", schema: "schema.sql", queries: "query.sql",
		ddl:    "ALTER TABLE authors ADD COLUMN deleted_at TEXT;",
		policy: "version: 1\ntables:\n  authors:\n    delete: soft\n    column: deleted_at\n    restore_window: 30d\n",
		test:   strings.ReplaceAll(authorsSQL, "OPEN", sqliteOpen)},
	{dir: "booktest/postgresql", engine: "postgresql", pkg: "booktest", sqlPackage: "pgx/v5", schema: "schema.sql", queries: "query.sql",
		ddl:    "ALTER TABLE books ADD COLUMN deleted_at timestamptz;",
		policy: "version: 1\ntables:\n  books:\n    delete: soft\n    column: deleted_at\n    key: [book_id]\n    restore_window: 30d\n",
		test:   booksPgx},
	{dir: "ondeck/postgresql", engine: "postgresql", pkg: "ondeck", sqlPackage: "database/sql", schema: "schema", queries: "query",
		emit:   []string{"emit_json_tags", "emit_prepared_queries", "emit_interface"},
		ddl:    "ALTER TABLE venue ADD COLUMN deleted_at timestamptz;",
		policy: "version: 1\ntables:\n  venue:\n    delete: soft\n    column: deleted_at\n    restore_window: 30d\n",
		test:   compileOnly},
	{dir: "booktest/mysql", engine: "mysql", pkg: "booktest", schema: "schema.sql", queries: "query.sql",
		ddl:    "ALTER TABLE books ADD COLUMN deleted_at DATETIME(6) NULL;",
		policy: "version: 1\ntables:\n  books:\n    delete: soft\n    column: deleted_at\n    key: [book_id]\n",
		test:   compileOnly},
	{dir: "booktest/sqlite", engine: "sqlite", pkg: "booktest", schema: "schema.sql", queries: "query.sql",
		ddl:    "ALTER TABLE books ADD COLUMN deleted_at TEXT;",
		policy: "version: 1\ntables:\n  books:\n    delete: soft\n    column: deleted_at\n    key: [book_id]\n",
		test:   compileOnly},
	{dir: "ondeck/mysql", engine: "mysql", pkg: "ondeck", schema: "schema", queries: "query",
		emit:   []string{"emit_json_tags", "emit_prepared_queries", "emit_interface"},
		ddl:    "ALTER TABLE venue ADD COLUMN deleted_at DATETIME(6) NULL;",
		policy: "version: 1\ntables:\n  venue:\n    delete: soft\n    column: deleted_at\n",
		test:   compileOnly},
	{dir: "ondeck/sqlite", engine: "sqlite", pkg: "ondeck", schema: "schema", queries: "query",
		emit:   []string{"emit_json_tags", "emit_prepared_queries", "emit_interface"},
		ddl:    "ALTER TABLE venue ADD COLUMN deleted_at TEXT;",
		policy: "version: 1\ntables:\n  venue:\n    delete: soft\n    column: deleted_at\n",
		test:   compileOnly},
	{dir: "jets/postgresql", engine: "postgresql", pkg: "jets", sqlPackage: "pgx/v5", schema: "schema.sql", queries: "query-building.sql",
		ddl:    "ALTER TABLE pilots ADD COLUMN deleted_at timestamptz;",
		policy: "version: 1\ntables:\n  pilots:\n    delete: soft\n    column: deleted_at\n    restore_window: 30d\n",
		test:   compileOnly},
}

// TestSqlcExamples adds a soft table to sqlc's own examples, regenerates
// each with sqlc's Go generator and the plugin into the same package
// (from a sqlc.yaml with the example's own settings), and runs the
// examples' tests — sqlc's, against plain connections, and ours, which
// delete through sqlc's generated queries via tombstone and list, restore
// and purge with the generated handles — on PostgreSQL, MariaDB and
// SQLite. sqlc's tree comes from the module cache (internal/sqlctool);
// drivers/pgx's TestSqlcExamples runs the same examples unregenerated.
func TestSqlcExamples(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs sqlc's examples")
	}
	testdb.Postgres(t) // skips, or fails in CI, without the servers
	testdb.MySQLDatabase(t, "")
	sqlc := sqlctool.Binary(t)
	root := sqlctool.Root(t)
	plugin := sqlctool.Plugin(t, root)
	tree := filepath.Join(t.TempDir(), "sqlc")
	sqlctool.CopyTree(t, sqlctool.Source(t), tree)
	appendTo(t, filepath.Join(tree, "go.mod"), "\nrequire github.com/tombstone-sql/tombstone v0.0.0\n\nreplace github.com/tombstone-sql/tombstone => "+root+"\n")

	configs := map[string]*strings.Builder{} // by example
	var pkgs []string
	for _, ex := range examples {
		name, variant, _ := strings.Cut(ex.dir, "/")
		dir := filepath.Join(tree, "examples", ex.dir)
		schema := filepath.Join(dir, ex.schema)
		if st, err := os.Stat(schema); err == nil && st.IsDir() {
			writeFile(t, filepath.Join(schema, "9999_tombstone.sql"), ex.ddl+"\n")
		} else {
			appendTo(t, schema, "\n"+ex.ddl+"\n")
		}
		writeFile(t, filepath.Join(dir, "tombstone.yaml"), ex.policy)
		if ex.test != "" {
			writeFile(t, filepath.Join(dir, "tombstone_test.go"), strings.ReplaceAll(ex.test, "PACKAGE", ex.pkg))
		}
		b := configs[name]
		if b == nil {
			b = &strings.Builder{}
			b.WriteString("version: \"2\"\nplugins:\n  - name: tombstone\n    process: {cmd: sqlc-gen-tombstone}\nsql:\n")
			configs[name] = b
		}
		opts := "package: " + ex.pkg + ", out: " + variant
		if ex.sqlPackage != "" {
			opts += ", sql_package: " + ex.sqlPackage
		}
		for _, e := range ex.emit {
			opts += ", " + e + ": true"
		}
		plugOpts := "policy: " + variant + "/tombstone.yaml, package: " + ex.pkg
		if ex.sqlPackage != "" {
			plugOpts += ", sql_package: " + ex.sqlPackage
		}
		b.WriteString("  - engine: " + ex.engine + "\n    schema: " + variant + "/" + ex.schema + "\n    queries: " + variant + "/" + ex.queries +
			"\n    gen: {go: {" + opts + "}}\n    codegen: [{plugin: tombstone, out: " + variant + ", options: {" + plugOpts + "}}]\n")
		pkgs = append(pkgs, "./examples/"+ex.dir)
	}
	for name, b := range configs {
		dir := filepath.Join(tree, "examples", name)
		writeFile(t, filepath.Join(dir, "tombstone.sqlc.yaml"), b.String())
		sqlctool.Generate(t, sqlc, plugin, dir, "-f", "tombstone.sqlc.yaml")
	}
	for _, ex := range examples {
		b, err := os.ReadFile(filepath.Join(tree, "examples", ex.dir, "models.go"))
		if err != nil || !strings.Contains(string(b), "DeletedAt") {
			t.Fatalf("%s: sqlc did not regenerate the models with the tombstone column: %v", ex.dir, err)
		}
		if _, err := os.Stat(filepath.Join(tree, "examples", ex.dir, "tombstone.go")); err != nil {
			t.Fatalf("%s: the plugin wrote no tombstone.go: %v", ex.dir, err)
		}
	}

	pg, err := url.Parse(testdb.PostgresDSN)
	if err != nil {
		t.Fatal(err)
	}
	pg.Path = "/postgres"
	args := append([]string{"test", "-tags", "examples", "-count=1", "-p", "1"}, pkgs...)
	cmd := exec.Command("go", args...)
	cmd.Dir = tree
	cmd.Env = append(os.Environ(),
		"GOFLAGS=-mod=mod", "GOWORK=off",
		"POSTGRESQL_SERVER_URI="+pg.String(),
		"MYSQL_SERVER_URI="+strings.TrimSuffix(testdb.MySQLDSN, "/")+"/?multiStatements=true&parseTime=true")
	out, err := cmd.CombinedOutput()
	t.Logf("go %s\n%s", strings.Join(args, " "), out)
	if err != nil {
		t.Fatal(err)
	}
	for _, ex := range examples {
		if !strings.Contains(string(out), "ok  \tgithub.com/sqlc-dev/sqlc/examples/"+ex.dir) {
			t.Errorf("%s did not pass", ex.dir)
		}
	}
}

func appendTo(t *testing.T, path, s string) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, path, string(b)+s)
}

// authorsPgx tests the authors handles through the pgx native pool.
const authorsPgx = `//go:build examples

package PACKAGE

import (
	"context"
	"errors"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/tombstone-sql/tombstone"
	tpgx "github.com/tombstone-sql/tombstone/drivers/pgx"

	"github.com/sqlc-dev/sqlc/internal/sqltest/local"
)

func TestTombstoneHandles(t *testing.T) {
	ctx := context.Background()
	p, err := tombstone.LoadPolicy("tombstone.yaml")
	if err != nil {
		t.Fatal(err)
	}
	uri := local.PostgreSQL(t, []string{"schema.sql"})
	cfg, err := pgxpool.ParseConfig(uri)
	if err != nil {
		t.Fatal(err)
	}
	pool, err := tpgx.NewPool(ctx, cfg, p)
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	q := New(pool)
	hs, err := NewTombstoneHandles(pool, p)
	if err != nil {
		t.Fatal(err)
	}
	a, err := q.CreateAuthor(ctx, CreateAuthorParams{Name: "Ada"})
	if err != nil {
		t.Fatal(err)
	}
	keep, err := q.CreateAuthor(ctx, CreateAuthorParams{Name: "Grace"})
	if err != nil {
		t.Fatal(err)
	}
	if err := q.DeleteAuthor(ctx, a.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := q.GetAuthor(ctx, a.ID); !errors.Is(err, pgx.ErrNoRows) {
		t.Fatalf("GetAuthor of a tombstone: %v, want pgx.ErrNoRows", err)
	}
	list, err := hs.Authors.Tombstones(ctx)
	if err != nil || len(list) != 1 || list[0].Key != a.ID || list[0].DeletedAt.IsZero() {
		t.Fatalf("Tombstones = %+v, %v; want author %d only", list, err, a.ID)
	}
	if err := hs.Authors.Restore(ctx, keep.ID); !errors.Is(err, tombstone.ErrNotDeleted) {
		t.Errorf("Restore of a live author: %v, want tombstone.ErrNotDeleted", err)
	}
	if err := hs.Authors.Restore(ctx, a.ID); err != nil {
		t.Fatal(err)
	}
	got, err := q.GetAuthor(ctx, a.ID)
	if err != nil || got.Name != "Ada" || got.DeletedAt.Valid {
		t.Fatalf("GetAuthor after Restore = %+v, %v", got, err)
	}
	if err := q.DeleteAuthor(ctx, a.ID); err != nil {
		t.Fatal(err)
	}
	if err := hs.Authors.Purge(ctx, a.ID); err != nil {
		t.Fatal(err)
	}
	all, err := q.ListAuthors(hs.Authors.WithDeleted(ctx))
	if err != nil || len(all) != 1 || all[0].ID != keep.ID {
		t.Fatalf("ListAuthors with deleted after Purge = %+v, %v; want Grace only", all, err)
	}
}
`

// authorsSQL tests the authors handles through database/sql; OPEN opens
// db through tombstone with policy p.
const authorsSQL = `//go:build examples

package PACKAGE

import (
	"context"
	"database/sql"
	"errors"
	"testing"

	"github.com/tombstone-sql/tombstone"

	_ "modernc.org/sqlite"

	"github.com/sqlc-dev/sqlc/internal/sqltest/local"
)

var _ = local.MySQL

func TestTombstoneHandles(t *testing.T) {
	ctx := context.Background()
	p, err := tombstone.LoadPolicy("tombstone.yaml")
	if err != nil {
		t.Fatal(err)
	}
	OPEN
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	q := New(db)
	hs, err := NewTombstoneHandles(db, p)
	if err != nil {
		t.Fatal(err)
	}
	create := func(name string) int64 {
		res, err := q.CreateAuthor(ctx, CreateAuthorParams{Name: name})
		if err != nil {
			t.Fatal(err)
		}
		id, err := res.LastInsertId()
		if err != nil {
			t.Fatal(err)
		}
		return id
	}
	a, keep := create("Ada"), create("Grace")
	if err := q.DeleteAuthor(ctx, a); err != nil {
		t.Fatal(err)
	}
	if _, err := q.GetAuthor(ctx, a); !errors.Is(err, sql.ErrNoRows) {
		t.Fatalf("GetAuthor of a tombstone: %v, want sql.ErrNoRows", err)
	}
	list, err := hs.Authors.Tombstones(ctx)
	if err != nil || len(list) != 1 || list[0].Key != a || list[0].DeletedAt.IsZero() {
		t.Fatalf("Tombstones = %+v, %v; want author %d only", list, err, a)
	}
	if err := hs.Authors.Restore(ctx, keep); !errors.Is(err, tombstone.ErrNotDeleted) {
		t.Errorf("Restore of a live author: %v, want tombstone.ErrNotDeleted", err)
	}
	if err := hs.Authors.Restore(ctx, a); err != nil {
		t.Fatal(err)
	}
	got, err := q.GetAuthor(ctx, a)
	if err != nil || got.Name != "Ada" || got.DeletedAt.Valid {
		t.Fatalf("GetAuthor after Restore = %+v, %v", got, err)
	}
	if err := q.DeleteAuthor(ctx, a); err != nil {
		t.Fatal(err)
	}
	if err := hs.Authors.Purge(ctx, a); err != nil {
		t.Fatal(err)
	}
	all, err := q.ListAuthors(hs.Authors.WithDeleted(ctx))
	if err != nil || len(all) != 1 || all[0].ID != keep {
		t.Fatalf("ListAuthors with deleted after Purge = %+v, %v; want Grace only", all, err)
	}
}
`

// sqliteOpen creates the example's schema in a file database with the
// driver tombstone wraps (modernc), then opens it through tombstone.
const sqliteOpen = `path := t.TempDir() + "/authors.db"
	raw, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{"CREATE TABLE authors (id integer PRIMARY KEY AUTOINCREMENT, name text NOT NULL, bio text)", "ALTER TABLE authors ADD COLUMN deleted_at TEXT"} {
		if _, err := raw.Exec(s); err != nil {
			t.Fatal(err)
		}
	}
	raw.Close()
	db, err := tombstone.OpenDB("sqlite", path, p, tombstone.WithDialect("sqlite"))`

// booksPgx tests the books handles of booktest through the pgx pool.
const booksPgx = `//go:build examples

package PACKAGE

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/tombstone-sql/tombstone"
	tpgx "github.com/tombstone-sql/tombstone/drivers/pgx"

	"github.com/sqlc-dev/sqlc/internal/sqltest/local"
)

func TestTombstoneHandles(t *testing.T) {
	ctx := context.Background()
	p, err := tombstone.LoadPolicy("tombstone.yaml")
	if err != nil {
		t.Fatal(err)
	}
	uri := local.PostgreSQL(t, []string{"schema.sql"})
	cfg, err := pgxpool.ParseConfig(uri)
	if err != nil {
		t.Fatal(err)
	}
	pool, err := tpgx.NewPool(ctx, cfg, p)
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	q := New(pool)
	hs, err := NewTombstoneHandles(pool, p)
	if err != nil {
		t.Fatal(err)
	}
	a, err := q.CreateAuthor(ctx, "Ursula")
	if err != nil {
		t.Fatal(err)
	}
	b, err := q.CreateBook(ctx, CreateBookParams{AuthorID: a.AuthorID, Isbn: "1", BookType: BookTypeFICTION, Title: "Earthsea", Year: 1968, Tags: []string{},
		Available: pgtype.Timestamptz{Time: time.Now(), Valid: true}})
	if err != nil {
		t.Fatal(err)
	}
	if err := q.DeleteBook(ctx, b.BookID); err != nil {
		t.Fatal(err)
	}
	if _, err := q.GetBook(ctx, b.BookID); !errors.Is(err, pgx.ErrNoRows) {
		t.Fatalf("GetBook of a tombstone: %v, want pgx.ErrNoRows", err)
	}
	list, err := hs.Books.Tombstones(ctx)
	if err != nil || len(list) != 1 || list[0].Key != b.BookID {
		t.Fatalf("Tombstones = %+v, %v; want book %d only", list, err, b.BookID)
	}
	if err := hs.Books.Restore(ctx, b.BookID); err != nil {
		t.Fatal(err)
	}
	if got, err := q.GetBook(ctx, b.BookID); err != nil || got.Title != "Earthsea" {
		t.Fatalf("GetBook after Restore = %+v, %v", got, err)
	}
	if err := hs.Books.Restore(ctx, b.BookID); !errors.Is(err, tombstone.ErrNotDeleted) {
		t.Errorf("Restore of a live book: %v, want tombstone.ErrNotDeleted", err)
	}
}
`

// compileOnly checks that the handles exist beside sqlc's code; the
// example's own tests run its queries on the regenerated code.
const compileOnly = `//go:build examples

package PACKAGE

import "testing"

func TestTombstoneHandles(t *testing.T) {
	if _, err := NewTombstoneHandles(nil, nil); err == nil {
		t.Error("NewTombstoneHandles without a policy succeeded")
	}
}
`
