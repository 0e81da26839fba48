package gen_test

import (
	"bytes"
	"database/sql"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/tombstone-sql/tombstone/gen"
	"github.com/tombstone-sql/tombstone/internal/cli"
	"github.com/tombstone-sql/tombstone/internal/testdb"
	"github.com/tombstone-sql/tombstone/policy"
)

// server is one case of the end-to-end test: a scratch database, the
// options tombstone gen runs with, and the package it writes.
type server struct {
	pkg, dialect, driver string
	flavor, layout       string
	dsn                  string // the driver's DSN, for the generated program
	url                  string // the URL tombstone gen takes
	migrate              *sql.DB
	ago                  string // 40 days ago, in the dialect
	tables               []string
}

func servers(t *testing.T) []*server {
	pgDSN, _ := testdb.PostgresSchema(t)
	pgxDSN, _ := testdb.PostgresSchema(t)
	myDSN, myName := testdb.MySQLDatabase(t, "parseTime=true")
	lite := "file:" + filepath.Join(t.TempDir(), "gen.db") + "?_pragma=busy_timeout(10000)"
	pgTables := []string{
		"CREATE TABLE customers (id bigint PRIMARY KEY, email text NOT NULL)",
		"CREATE TABLE order_lines (order_id integer NOT NULL, line_no smallint NOT NULL, PRIMARY KEY (order_id, line_no))",
		"CREATE TABLE invoices (id bigint PRIMARY KEY, created_at timestamptz NOT NULL DEFAULT now())",
	}
	out := []*server{
		{pkg: "pgsql", dialect: "postgres", driver: "pgx", flavor: "database/sql", layout: "goose", dsn: pgDSN, url: pgDSN,
			ago: "now() - interval '40 days'", tables: pgTables},
		{pkg: "pgxpool", dialect: "postgres", driver: "pgx", flavor: "pgx/v5", layout: "golang-migrate", dsn: pgxDSN, url: pgxDSN,
			ago: "now() - interval '40 days'", tables: pgTables},
		{pkg: "mariadb", dialect: "mysql", driver: "mysql", flavor: "database/sql", layout: "golang-migrate", dsn: myDSN,
			url: "mysql://root@127.0.0.1:3306/" + myName, ago: "NOW(6) - INTERVAL 40 DAY", tables: []string{
				"CREATE TABLE customers (id BIGINT UNSIGNED PRIMARY KEY, email VARCHAR(255) NOT NULL)",
				"CREATE TABLE order_lines (order_id INT NOT NULL, line_no SMALLINT NOT NULL, PRIMARY KEY (order_id, line_no))",
				"CREATE TABLE invoices (id BIGINT PRIMARY KEY, created_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6))",
			}},
		{pkg: "lite", dialect: "sqlite", driver: "sqlite", flavor: "database/sql", layout: "sql", dsn: lite,
			url: "sqlite:" + strings.TrimPrefix(strings.Split(lite, "?")[0], "file:"), ago: "strftime('%Y-%m-%d %H:%M:%S', 'now', '-40 days')", tables: []string{
				"CREATE TABLE customers (id INTEGER PRIMARY KEY, email TEXT NOT NULL)",
				"CREATE TABLE order_lines (order_id INTEGER NOT NULL, line_no INTEGER NOT NULL, PRIMARY KEY (order_id, line_no))",
				"CREATE TABLE invoices (id INTEGER PRIMARY KEY, created_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP)",
			}},
	}
	for _, s := range out {
		dsn := s.dsn
		if s.dialect == "mysql" {
			dsn = strings.Replace(dsn, "?", "?multiStatements=true&", 1) // as golang-migrate's mysql driver wants
		}
		db, err := sql.Open(s.driver, dsn)
		if err != nil {
			t.Fatal(err)
		}
		db.SetMaxOpenConns(1)
		t.Cleanup(func() { db.Close() })
		s.migrate = db
		for _, q := range s.tables {
			if _, err := db.Exec(q); err != nil {
				t.Fatalf("%s: %s: %v", s.pkg, q, err)
			}
		}
	}
	return out
}

// TestGeneratedCode runs tombstone gen on each server's live catalog,
// compares what it writes with the goldens of testdata/gen/cli-PACKAGE
// (-update rewrites them), applies the migration files up, down and up as
// the migration tool would read them, checks --check, and then compiles
// the generated packages in a module of their own, with a test program
// beside each, and runs it against the server: listing, restore inside
// and after the window, purge and the roles, the scopes, and the whole
// tables at the end.
func TestGeneratedCode(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a module and runs it on the servers")
	}
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	mod := t.TempDir()
	goVersion := goLine(t, filepath.Join(root, "go.mod"))
	write(t, filepath.Join(mod, "go.mod"), "module gentest\n\n"+goVersion+"\n\nrequire github.com/tombstone-sql/tombstone v0.0.0\n\nreplace github.com/tombstone-sql/tombstone => "+root+"\n")
	sum, err := os.ReadFile(filepath.Join(root, "go.sum"))
	if err != nil {
		t.Fatal(err)
	}
	write(t, filepath.Join(mod, "go.sum"), string(sum))
	program, err := os.ReadFile(filepath.Join(root, "testdata", "gen", "program", "handles_test.go.tmpl"))
	if err != nil {
		t.Fatal(err)
	}
	policyFile := filepath.Join(root, "testdata", "gen", "tombstone.yaml")
	env := []string{"GEN_POLICY=" + policyFile}
	for _, s := range servers(t) {
		t.Run(s.pkg, func(t *testing.T) {
			out := filepath.Join(mod, s.pkg)
			migs := filepath.Join(out, "migrations")
			args := []string{"gen", "--policy", policyFile, "--dsn", s.url, "--out", out, "--package", s.pkg,
				"--sql-package", s.flavor, "--migrations", s.layout, "--migrations-out", migs}
			if code, _, stderr := runCLI(args...); code != 0 {
				t.Fatalf("tombstone gen: exit %d\n%s", code, stderr)
			}
			golden(t, filepath.Join(root, "testdata", "gen", "cli-"+s.pkg), out)

			before := snapshot(t, s)
			up, down := readMigration(t, s, policyFile, migs)
			apply(t, s, up)
			afterUp := snapshot(t, s)
			if cmp.Equal(before, afterUp) {
				t.Fatal("the up migration changed nothing")
			}
			// The down migration refuses while a tombstone exists, and
			// changes nothing then.
			if _, err := s.migrate.Exec("INSERT INTO customers (id, email) VALUES (100, 'gone@x')"); err != nil {
				t.Fatal(err)
			}
			if _, err := s.migrate.Exec("UPDATE customers SET deleted_at = " + s.ago + " WHERE id = 100"); err != nil {
				t.Fatal(err)
			}
			if err := applyErr(s, down); err == nil || !strings.Contains(err.Error(), "tombstones_would_become_live_rows") {
				t.Fatalf("down with a tombstone: err = %v, want the guard's refusal", err)
			}
			if diff := cmp.Diff(afterUp, snapshot(t, s)); diff != "" {
				t.Fatalf("a refused down migration changed the schema (-want +got):\n%s", diff)
			}
			if _, err := s.migrate.Exec("DELETE FROM customers WHERE id = 100"); err != nil {
				t.Fatal(err)
			}
			apply(t, s, down)
			if diff := cmp.Diff(withAudit(before, afterUp), snapshot(t, s)); diff != "" {
				t.Errorf("after down, the schema is not the one before up plus the audit table (-want +got):\n%s", diff)
			}
			apply(t, s, up)
			if diff := cmp.Diff(afterUp, snapshot(t, s)); diff != "" {
				t.Errorf("up after down differs from the first up (-want +got):\n%s", diff)
			}
			if _, err := s.migrate.Exec("DELETE FROM tombstone_audit"); err != nil {
				t.Fatal(err)
			}

			// --check: equal files pass, a changed or missing one is listed.
			check := append(args, "--check")
			if code, stdout, stderr := runCLI(check...); code != 0 {
				t.Errorf("--check on fresh output: exit %d\n%s%s", code, stdout, stderr)
			}
			goFile := filepath.Join(out, "tombstone.go")
			orig, _ := os.ReadFile(goFile)
			write(t, goFile, string(orig)+"\n// edited by hand\n")
			code, stdout, _ := runCLI(check...)
			if code != 1 || stdout != goFile+": differs from what tombstone gen would write\n" {
				t.Errorf("--check after an edit: exit %d, stdout %q", code, stdout)
			}
			write(t, goFile, string(orig))

			write(t, filepath.Join(out, "handles_test.go"), programFor(string(program), s))
			up2 := strings.ToUpper(s.pkg)
			env = append(env, "GEN_DRIVER_"+up2+"="+s.driver, "GEN_DSN_"+up2+"="+s.dsn, "GEN_AGO_"+up2+"="+s.ago)
		})
	}
	if t.Failed() {
		return
	}
	t.Run("program", func(t *testing.T) {
		cmd := exec.Command("go", "test", "-count=1", "./...")
		cmd.Dir = mod
		cmd.Env = append(append(os.Environ(), "GOFLAGS=-mod=mod", "GOWORK=off"), env...)
		out, err := cmd.CombinedOutput()
		t.Logf("go test ./... in the generated module:\n%s", out)
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range []string{"pgsql", "pgxpool", "mariadb", "lite"} {
			if !strings.Contains(string(out), "ok  \tgentest/"+s) {
				t.Errorf("package %s did not pass", s)
			}
		}
	})
	t.Run("misuse does not compile", func(t *testing.T) {
		bad := filepath.Join(mod, "bad")
		write(t, filepath.Join(bad, "bad.go"), `package bad

import (
	"context"

	"gentest/pgsql"
)

func misuse(hs *pgsql.TombstoneHandles, role string) {
	ctx := context.Background()
	_ = hs.Custmers
	_ = pgsql.WithRole(ctx, "manager")
	_ = pgsql.WithRole(ctx, role)
	_ = hs.Customers.Restore(ctx, "1")
	_ = hs.OrderLines.Restore(ctx, 1)
}
`)
		cmd := exec.Command("go", "build", "-gcflags=-e", "./bad")
		cmd.Dir = mod
		cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "GOWORK=off")
		out, err := cmd.CombinedOutput()
		if err == nil {
			t.Fatal("misuse of the generated handles compiled")
		}
		for _, want := range []string{
			"bad.go:11:9: hs.Custmers undefined",
			"bad.go:12:26: cannot use \"manager\"",
			"bad.go:13:26: cannot use role",
			"bad.go:14:32: cannot use \"1\"",
			"bad.go:15:33: cannot use 1",
		} {
			if !strings.Contains(string(out), want) {
				t.Errorf("the compiler does not say %q:\n%s", want, out)
			}
		}
	})
}

func runCLI(args ...string) (int, string, string) {
	var stdout, stderr bytes.Buffer
	code := cli.Run(args, strings.NewReader(""), &stdout, &stderr)
	return code, stdout.String(), stderr.String()
}

func programFor(tmpl string, s *server) string {
	up := strings.ToUpper(s.pkg)
	src := strings.ReplaceAll(tmpl, "package PACKAGE", "package "+s.pkg)
	src = strings.ReplaceAll(src, "_PACKAGE\"", "_"+up+"\"")
	open := `db, err := tombstone.OpenDB(driver, dsn, p, tombstone.WithDialect(TombstoneDialect), tombstone.WithLogger(slog.New(slog.DiscardHandler)))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	exec := func(ctx context.Context, q string) error {
		_, err := db.ExecContext(ctx, q)
		return err
	}
	query := func(ctx context.Context, q string) ([]int64, error) {
		rows, err := db.QueryContext(ctx, q)
		if err != nil {
			return nil, err
		}
		defer rows.Close()
		var ids []int64
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				return nil, err
			}
			ids = append(ids, id)
		}
		return ids, rows.Err()
	}`
	imports := ""
	if s.flavor == "pgx/v5" {
		imports = "\"github.com/jackc/pgx/v5/pgxpool\"\n\ttombstonepgx \"github.com/tombstone-sql/tombstone/drivers/pgx\""
		open = `cfg, err := pgxpool.ParseConfig(dsn)
	if err != nil {
		t.Fatal(err)
	}
	db, err := tombstonepgx.NewPool(context.Background(), cfg, p, tombstone.WithLogger(slog.New(slog.DiscardHandler)))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	exec := func(ctx context.Context, q string) error {
		_, err := db.Exec(ctx, q)
		return err
	}
	query := func(ctx context.Context, q string) ([]int64, error) {
		rows, err := db.Query(ctx, q)
		if err != nil {
			return nil, err
		}
		defer rows.Close()
		var ids []int64
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				return nil, err
			}
			ids = append(ids, id)
		}
		return ids, rows.Err()
	}`
	}
	erase := `// The privacy erasure of customer 4 through the subject handle: the
	// row is anonymized and tombstoned, and can never be restored.
	if _, err := hs.EraseCustomer(context.Background(), "4", RoleDpo.JobRole(), lifecycle.WithActor("dpo"), lifecycle.WithReason("request 17")); err != nil {
		t.Fatalf("erase customer 4: %v", err)
	}
	var email string
	if err := plain.QueryRow("SELECT email FROM customers WHERE id = 4").Scan(&email); err != nil || email != "erased-4@example.invalid" {
		t.Errorf("customer 4's email after the erasure = %q (%v), want erased-4@example.invalid", email, err)
	}
	if err := hs.Customers.Restore(manager, 4); !errors.Is(err, lifecycle.ErrErased) {
		t.Errorf("restore an erased row: %v, want ErrErased", err)
	}`
	src = strings.Replace(src, "//ERASE", erase, 1)
	src = strings.Replace(src, "//PGX-IMPORTS", imports, 1)
	return strings.Replace(src, "//OPEN", open, 1)
}

// golden compares the files of dir (recursively) with those of the golden
// directory, or copies them there with -update.
func golden(t *testing.T, goldenDir, dir string) {
	t.Helper()
	got := readTree(t, dir)
	if *update {
		os.RemoveAll(goldenDir)
		for name, text := range got {
			write(t, filepath.Join(goldenDir, name), text)
		}
	}
	if diff := cmp.Diff(readTree(t, goldenDir), got); diff != "" {
		t.Errorf("tombstone gen's output differs from %s (-want +got); rerun with -update if intended:\n%s", goldenDir, diff)
	}
}

func readTree(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return nil
		}
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		rel, _ := filepath.Rel(dir, path)
		out[filepath.ToSlash(rel)] = string(b)
		return nil
	})
	return out
}

// readMigration reads the up and down scripts of a layout's files, as the
// tool reads them: a list of statements each.
func readMigration(t *testing.T, s *server, policyFile, dir string) (up, down []string) {
	t.Helper()
	read := func(name string) string {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	switch s.layout {
	case "sql":
		// sqlc's schema folder holds the up migration only; the test's
		// down is golang-migrate's, from the same core, for the round trip.
		p, err := policy.Load(policyFile)
		if err != nil {
			t.Fatal(err)
		}
		files, err := gen.Migration(p, s.dialect, gen.LayoutGolangMigrate, "0001_tombstone")
		if err != nil {
			t.Fatal(err)
		}
		return []string{read("0001_tombstone.sql")}, []string{string(files[0].Contents)}
	case "golang-migrate":
		// golang-migrate sends each file whole (multiStatements on MySQL).
		return []string{read("0001_tombstone.up.sql")}, []string{read("0001_tombstone.down.sql")}
	}
	return goose(t, read("0001_tombstone.sql"))
}

// goose splits a goose file into its Up and Down statements as goose
// does: at a line ending in ";" outside StatementBegin/StatementEnd.
func goose(t *testing.T, text string) (up, down []string) {
	t.Helper()
	var cur *[]string
	var stmt strings.Builder
	block := false
	for _, line := range strings.Split(text, "\n") {
		switch strings.TrimSpace(line) {
		case "-- +goose Up":
			cur = &up
			continue
		case "-- +goose Down":
			cur = &down
			continue
		case "-- +goose StatementBegin":
			block = true
			continue
		case "-- +goose StatementEnd":
			block = false
			*cur = append(*cur, stmt.String())
			stmt.Reset()
			continue
		}
		if cur == nil || strings.HasPrefix(strings.TrimSpace(line), "--") && stmt.Len() == 0 {
			continue
		}
		stmt.WriteString(line + "\n")
		if !block && strings.HasSuffix(strings.TrimSpace(line), ";") {
			*cur = append(*cur, stmt.String())
			stmt.Reset()
		}
	}
	if len(up) == 0 || len(down) == 0 {
		t.Fatalf("goose file without Up or Down statements:\n%s", text)
	}
	return up, down
}

func apply(t *testing.T, s *server, stmts []string) {
	t.Helper()
	if err := applyErr(s, stmts); err != nil {
		t.Fatal(err)
	}
}

func applyErr(s *server, stmts []string) error {
	for _, q := range stmts {
		if _, err := s.migrate.Exec(q); err != nil {
			return fmt.Errorf("%s: %w\n%s", s.pkg, err, q)
		}
	}
	return nil
}

// snapshot is the schema as the server's catalog says it: columns,
// indexes and triggers, sorted.
func snapshot(t *testing.T, s *server) []string {
	t.Helper()
	var qs []string
	switch s.dialect {
	case "postgres":
		qs = []string{
			"SELECT c.relname || '.' || a.attname || ' ' || format_type(a.atttypid, a.atttypmod) || ' ' || a.attnotnull::text FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped",
			"SELECT 'index ' || indexdef FROM pg_indexes WHERE schemaname = current_schema()",
			"SELECT 'trigger ' || tgname || ' on ' || tgrelid::regclass::text FROM pg_trigger WHERE NOT tgisinternal AND tgrelid::regclass::text NOT LIKE '%.%'",
			"SELECT 'function ' || proname FROM pg_proc WHERE proname LIKE 'tombstone%' AND pronamespace = current_schema()::regnamespace",
		}
	case "mysql":
		qs = []string{
			"SELECT CONCAT(TABLE_NAME, '.', COLUMN_NAME, ' ', COLUMN_TYPE, ' ', IS_NULLABLE, ' ', EXTRA) FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE()",
			"SELECT CONCAT('index ', TABLE_NAME, '.', INDEX_NAME, ' ', COLUMN_NAME, ' ', SEQ_IN_INDEX) FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE()",
			"SELECT CONCAT('trigger ', TRIGGER_NAME) FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE()",
		}
	default:
		qs = []string{
			"SELECT m.name || '.' || p.name || ' ' || p.type || ' ' || p.\"notnull\" FROM sqlite_master m JOIN pragma_table_info(m.name) p WHERE m.type = 'table'",
			"SELECT 'index ' || name || ' ' || COALESCE(sql, '') FROM sqlite_master WHERE type = 'index'",
		}
	}
	var out []string
	for _, q := range qs {
		rows, err := s.migrate.Query(q)
		if err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		for rows.Next() {
			var line string
			if err := rows.Scan(&line); err != nil {
				t.Fatal(err)
			}
			out = append(out, line)
		}
		rows.Close()
	}
	sort.Strings(out)
	return out
}

// withAudit is the schema before the up migration plus the audit table's
// lines of the one after it: the down migration keeps the audit trail.
func withAudit(before, after []string) []string {
	out := append([]string(nil), before...)
	for _, l := range after {
		if strings.HasPrefix(l, "tombstone_audit.") || strings.Contains(l, "tombstone_audit") && strings.HasPrefix(l, "index ") {
			out = append(out, l)
		}
	}
	sort.Strings(out)
	return out
}

func goLine(t *testing.T, gomod string) string {
	b, err := os.ReadFile(gomod)
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(l, "go ") {
			return l
		}
	}
	t.Fatal("go.mod has no go line")
	return ""
}

func write(t *testing.T, path, text string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}
