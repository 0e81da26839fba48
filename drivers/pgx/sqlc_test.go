package pgx_test

import (
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tombstone-sql/tombstone/internal/rewritetest"
	"github.com/tombstone-sql/tombstone/internal/sqlctool"
	"github.com/tombstone-sql/tombstone/internal/testdb"
)

// TestSqlcExamples runs sqlc's own PostgreSQL examples (authors, booktest,
// batch and jets on pgx/v5, ondeck on database/sql) with their tests,
// changed only where they open the database: that call is wrapped so it
// goes through tombstone (tpgx.WrapConn, tombstone.OpenDB). Under a policy
// that governs none of their tables, they pass as on a plain connection;
// under one that makes authors soft, a test of ours in the same packages
// deletes through sqlc's generated code and finds a tombstone. sqlc is
// fetched into the module cache at run time (go mod download), never
// vendored or imported.
func TestSqlcExamples(t *testing.T) {
	if testing.Short() {
		t.Skip("builds sqlc's examples")
	}
	testdb.Postgres(t) // skips, or fails in CI, without the server
	src := sqlctool.Source(t)
	dir := filepath.Join(t.TempDir(), "sqlc")
	sqlctool.CopyTree(t, src, dir)
	root := rewritetest.Root(t)
	appendFile(t, filepath.Join(dir, "go.mod"), "\nrequire github.com/tombstone-sql/tombstone v0.0.0\n\nreplace github.com/tombstone-sql/tombstone => "+root+"\n")

	examples := map[string]string{ // package name by example
		"authors": "authors", "booktest": "booktest", "batch": "batch", "jets": "jets", "ondeck": "ondeck",
	}
	var pkgs []string
	for ex, pkg := range examples {
		d := filepath.Join(dir, "examples", ex, "postgresql")
		pkgs = append(pkgs, "./examples/"+ex+"/postgresql")
		swapConstructors(t, d)
		write(t, filepath.Join(d, "tombstone_test.go"), strings.ReplaceAll(helper, "PACKAGE", pkg))
	}
	// jets has no tests: its generated code must take the pool.
	write(t, filepath.Join(dir, "examples", "jets", "postgresql", "tombstone_jets_test.go"),
		"//go:build examples\n\npackage jets\n\nimport tpgx \"github.com/tombstone-sql/tombstone/drivers/pgx\"\n\nvar _ *Queries = New((*tpgx.Pool)(nil))\n")
	for _, ex := range []string{"authors", "booktest"} {
		d := filepath.Join(dir, "examples", ex, "postgresql")
		write(t, filepath.Join(d, "tombstone.sql"), "ALTER TABLE authors ADD COLUMN deleted_at timestamptz;\n")
		write(t, filepath.Join(d, "tombstone_soft_test.go"), strings.ReplaceAll(softTest[ex], "PACKAGE", ex))
	}
	plain := filepath.Join(dir, "plain.yaml")
	write(t, plain, "version: 1\ntables:\n  ledger:\n    delete: hard\n")
	soft := filepath.Join(dir, "soft.yaml")
	write(t, soft, "version: 1\ntables:\n  authors:\n    delete: soft\n    column: deleted_at\n")

	run := func(name, policy string, filter ...string) {
		t.Run(name, func(t *testing.T) {
			args := append(append([]string{"test", "-tags", "examples", "-count=1"}, filter...), pkgs...)
			cmd := exec.Command("go", args...)
			cmd.Dir = dir
			cmd.Env = append(os.Environ(),
				"GOFLAGS=-mod=mod",
				"GOWORK=off",
				"POSTGRESQL_SERVER_URI="+postgresURI(t),
				"TOMBSTONE_POLICY="+policy)
			out, err := cmd.CombinedOutput()
			t.Logf("go %s\n%s", strings.Join(args, " "), out)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(string(out), "ok  \tgithub.com/sqlc-dev/sqlc/examples/authors/postgresql") {
				t.Error("the authors example did not run")
			}
		})
	}
	run("plain", plain, "-skip", "^TestTombstone$")
	run("soft", soft, "-run", "^TestTombstone$")
}

// postgresURI is the server of testdb, as sqlc's tests want it: they
// create a database of their own per test.
func postgresURI(t *testing.T) string {
	u, err := url.Parse(testdb.PostgresDSN)
	if err != nil {
		t.Fatal(err)
	}
	u.Path = "/postgres"
	return u.String()
}

// swapConstructors wraps the examples' pgx.Connect and sql.Open calls so
// that the connection goes through tombstone.
func swapConstructors(t *testing.T, dir string) {
	files, _ := filepath.Glob(filepath.Join(dir, "*_test.go"))
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		s := strings.ReplaceAll(string(b), "pgx.Connect(ctx, uri)", "viaTombstone(pgx.Connect)(ctx, uri)")
		s = strings.ReplaceAll(s, `sql.Open("postgres", uri)`, `viaTombstoneSQL(sql.Open)("postgres", uri)`)
		if s == string(b) {
			t.Fatalf("%s: no constructor to swap", f)
		}
		write(t, f, s)
	}
}

// helper is added to each example package: the wrapped constructors.
const helper = `//go:build examples

package PACKAGE

import (
	"context"
	"database/sql"
	"os"

	"github.com/jackc/pgx/v5"

	"github.com/tombstone-sql/tombstone"
	tpgx "github.com/tombstone-sql/tombstone/drivers/pgx"
)

var (
	_ = viaTombstone
	_ = viaTombstoneSQL
)

func policy() *tombstone.Policy {
	p, err := tombstone.LoadPolicy(os.Getenv("TOMBSTONE_POLICY"))
	if err != nil {
		panic(err)
	}
	return p
}

// viaTombstone wraps the connection connect opens.
func viaTombstone(connect func(context.Context, string) (*pgx.Conn, error)) func(context.Context, string) (*tpgx.Conn, error) {
	return func(ctx context.Context, uri string) (*tpgx.Conn, error) {
		c, err := connect(ctx, uri)
		if err != nil {
			return nil, err
		}
		return tpgx.WrapConn(ctx, c, policy())
	}
}

// viaTombstoneSQL opens the database through tombstone's database/sql
// wrapper of the same driver.
func viaTombstoneSQL(func(string, string) (*sql.DB, error)) func(string, string) (*sql.DB, error) {
	return func(driver, uri string) (*sql.DB, error) { return tombstone.OpenDB(driver, uri, policy()) }
}
`

// softTest deletes through sqlc's generated code under the soft policy.
var softTest = map[string]string{
	"authors": `//go:build examples

package PACKAGE

import (
	"context"
	"errors"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/sqlc-dev/sqlc/internal/sqltest/local"
)

func TestTombstone(t *testing.T) {
	ctx := context.Background()
	uri := local.PostgreSQL(t, []string{"schema.sql", "tombstone.sql"})
	raw, err := pgx.Connect(ctx, uri)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close(ctx)
	db, err := viaTombstone(pgx.Connect)(ctx, uri)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close(ctx)
	q := New(db)
	a, err := q.CreateAuthor(ctx, CreateAuthorParams{Name: "Ada"})
	if err != nil {
		t.Fatal(err)
	}
	if err := q.DeleteAuthor(ctx, a.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := q.GetAuthor(ctx, a.ID); !errors.Is(err, pgx.ErrNoRows) {
		t.Errorf("GetAuthor of a tombstone: %v, want pgx.ErrNoRows", err)
	}
	if list, err := q.ListAuthors(ctx); err != nil || len(list) != 0 {
		t.Errorf("ListAuthors = %v, %v", list, err)
	}
	var tombstoned bool
	if err := raw.QueryRow(ctx, "SELECT deleted_at IS NOT NULL FROM authors WHERE id = $1", a.ID).Scan(&tombstoned); err != nil || !tombstoned {
		t.Errorf("the row is not a tombstone: %v, %v", tombstoned, err)
	}
}
`,
	"booktest": `//go:build examples

package PACKAGE

import (
	"context"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/sqlc-dev/sqlc/internal/sqltest/local"
)

// TestTombstone: books by a tombstoned author are still there, and the
// author is gone from sqlc's reads.
func TestTombstone(t *testing.T) {
	ctx := context.Background()
	uri := local.PostgreSQL(t, []string{"schema.sql", "tombstone.sql"})
	db, err := viaTombstone(pgx.Connect)(ctx, uri)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close(ctx)
	q := New(db)
	a, err := q.CreateAuthor(ctx, "Ada")
	if err != nil {
		t.Fatal(err)
	}
	tx, err := db.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := q.WithTx(tx).GetAuthor(ctx, a.AuthorID); err != nil {
		t.Fatal(err)
	}
	if _, err := tx.Exec(ctx, "DELETE FROM authors WHERE author_id = $1", a.AuthorID); err != nil {
		t.Fatal(err)
	}
	if err := tx.Commit(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := q.GetAuthor(ctx, a.AuthorID); err != pgx.ErrNoRows {
		t.Errorf("GetAuthor of a tombstone: %v, want pgx.ErrNoRows", err)
	}
	var n int
	if err := db.Conn().QueryRow(ctx, "SELECT count(*) FROM authors WHERE deleted_at IS NOT NULL").Scan(&n); err != nil || n != 1 {
		t.Errorf("tombstones = %d, %v", n, err)
	}
}
`,
}

func write(t *testing.T, path, s string) {
	if err := os.WriteFile(path, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
}

func appendFile(t *testing.T, path, s string) {
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	write(t, path, string(b)+s)
}
