package cli

import (
	"bytes"
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"

	_ "modernc.org/sqlite" // the "sqlite" driver
)

// TestGenRefusals: each bad input of tombstone gen is a usage error (exit
// 2) whose one line names what is wrong and what to change, and nothing
// is written.
func TestGenRefusals(t *testing.T) {
	dir := t.TempDir()
	dbPath := filepath.Join(dir, "app.db")
	db, err := sql.Open("sqlite", dbPath)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{
		"CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT)",
		"CREATE TABLE docs (id BLOB PRIMARY KEY)",
	} {
		if _, err := db.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	db.Close()
	policyFile := func(body string) string {
		f := filepath.Join(t.TempDir(), "tombstone.yaml")
		if err := os.WriteFile(f, []byte("version: 1\ntables:\n"+body), 0o644); err != nil {
			t.Fatal(err)
		}
		return f
	}
	good := policyFile("  customers: {delete: soft, column: deleted_at}\n")
	out := filepath.Join(dir, "out")
	base := []string{"gen", "--dsn", "sqlite:" + dbPath, "--out", out}
	for _, tt := range []struct {
		name string
		args []string
		want string
	}{
		{"missing table", []string{"--policy", policyFile("  orders: {delete: soft, column: deleted_at}\n"), "--package", "store"},
			"tombstone gen: gen: table not in the catalog: orders (tombstone.yaml line 3) is not in the sqlite catalog; create it, or check the policy's table name\n"},
		{"missing key column", []string{"--policy", policyFile("  customers: {delete: soft, column: deleted_at, key: [uid]}\n"), "--package", "store"},
			"tombstone gen: gen: column not in the catalog: customers has no column uid, which the policy names in its key (tombstone.yaml line 3)\n"},
		{"unsupported key type", []string{"--policy", policyFile("  docs: {delete: soft, column: deleted_at}\n"), "--package", "store"},
			"tombstone gen: gen: unsupported column type: docs.id has type blob, which tombstone gen does not map to Go; a key column must be an integer, text or uuid column (or change the policy's key)\n"},
		{"bad package", []string{"--policy", good, "--package", "my-store"},
			"tombstone gen: gen: bad configuration: package \"my-store\" is not a Go identifier; name the package, e.g. --package store\n"},
		{"pgx on sqlite", []string{"--policy", good, "--package", "store", "--sql-package", "pgx/v5"},
			"tombstone gen: gen: bad configuration: sql_package pgx/v5 is for PostgreSQL, and the catalog is sqlite; use database/sql\n"},
		{"unknown flavour", []string{"--policy", good, "--package", "store", "--sql-package", "pgx/v4"},
			"tombstone gen: gen: bad configuration: sql_package \"pgx/v4\"; use database/sql or pgx/v5\n"},
		{"layout without directory", []string{"--policy", good, "--package", "store", "--migrations", "goose"},
			"tombstone gen: --migrations and --migrations-out go together: name the layout (sql, goose or golang-migrate) and the directory\n"},
		{"unknown layout", []string{"--policy", good, "--package", "store", "--migrations", "flyway", "--migrations-out", out},
			"tombstone gen: gen: bad configuration: migrations layout \"flyway\"; use sql, goose or golang-migrate\n"},
		{"unversioned goose name", []string{"--policy", good, "--package", "store", "--migrations", "goose", "--migrations-out", out, "--migration-name", "tombstone"},
			"tombstone gen: gen: bad configuration: migration name \"tombstone\"; goose wants the version first, e.g. 0001_tombstone\n"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			want := tt.want
			for i, a := range tt.args {
				if a == "--policy" {
					want = strings.ReplaceAll(want, "(tombstone.yaml line", "("+tt.args[i+1]+" line")
				}
			}
			var stdout, stderr bytes.Buffer
			code := Run(append(append([]string(nil), base...), tt.args...), strings.NewReader(""), &stdout, &stderr)
			if code != exitUsage || stderr.String() != want || stdout.Len() != 0 {
				t.Errorf("exit %d, stdout %q, stderr\n%q\nwant exit 2 and\n%q", code, stdout.String(), stderr.String(), want)
			}
			if _, err := os.Stat(out); !os.IsNotExist(err) {
				t.Errorf("a refused run wrote %s", out)
			}
		})
	}
}
