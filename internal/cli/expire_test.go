package cli

import (
	"bytes"
	"database/sql"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/tombstone-sql/tombstone/examples/store"
	"github.com/tombstone-sql/tombstone/policy"
	"github.com/tombstone-sql/tombstone/schema"
)

// storeDB creates the store on a SQLite file with rows aged against the
// database's clock: Lee tombstoned 40 days ago (past the 30-day window),
// Sam 3 days ago, ticket 201 tombstoned 20 days ago (past 14 days),
// ticket 202 live, lead 301 200 days old and lead 302 10 days old.
func storeDB(t *testing.T) (path string, db *sql.DB) {
	t.Helper()
	path = filepath.Join(t.TempDir(), "store.db")
	db, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	p, err := policy.Parse("tombstone.yaml", store.Policy)
	if err != nil {
		t.Fatal(err)
	}
	tables, err := store.Schema("sqlite")
	if err != nil {
		t.Fatal(err)
	}
	ddl, err := schema.Migrate(p, "sqlite")
	if err != nil {
		t.Fatal(err)
	}
	stmts := tables
	for _, s := range ddl {
		stmts = append(stmts, s.SQL)
	}
	stmts = append(stmts, store.Seed()...)
	stmts = append(stmts,
		"UPDATE customers SET deleted_at = datetime('now', '-40 days') WHERE id = 3",
		"UPDATE customers SET deleted_at = datetime('now', '-3 days') WHERE id = 2",
		"UPDATE support_tickets SET deleted_at = datetime('now', '-20 days') WHERE id = 201",
		"UPDATE leads SET created_at = datetime('now', '-200 days') WHERE id = 301",
		"UPDATE leads SET created_at = datetime('now', '-10 days') WHERE id = 302",
	)
	for _, s := range stmts {
		if _, err := db.Exec(s); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
	}
	return path, db
}

// dump reads the store's tables whole, and its audit trail.
func dump(t *testing.T, db *sql.DB) string {
	t.Helper()
	var b strings.Builder
	for _, q := range []string{
		"SELECT id, name, email, coalesce(phone, 'NULL'), deleted_at IS NOT NULL FROM customers ORDER BY id",
		"SELECT id, deleted_at IS NOT NULL FROM support_tickets ORDER BY id",
		"SELECT id FROM leads ORDER BY id",
		"SELECT id FROM invoices ORDER BY id",
		"SELECT action, table_name, row_key, coalesce(actor, ''), coalesce(reason, '') FROM tombstone_audit ORDER BY id",
	} {
		rows, err := db.Query(q)
		if err != nil {
			t.Fatal(err)
		}
		s, err := render(rows)
		if err != nil {
			t.Fatal(err)
		}
		b.WriteString(s + "\n")
	}
	return b.String()
}

var (
	durations = regexp.MustCompile(`[0-9.]+(ns|µs|ms|s)\b|"(duration_ns|longest_batch_ns)": [0-9]+`)
	logTimes  = regexp.MustCompile(`time=\S+ `)
)

// TestExpireCommand runs tombstone expire on the store, and compares its
// output (durations masked) and the database afterwards with golden files
// under testdata/cli-expire.
func TestExpireCommand(t *testing.T) {
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	t.Chdir(root)
	tests := []struct {
		name string
		args []string
	}{
		{"text", []string{"--role", "expire_job"}},
		{"json", []string{"--role", "expire_job", "--format", "json", "--actor", "nightly cron"}},
		{"dry-run", []string{"--role", "expire_job", "--dry-run"}},
		{"one-table", []string{"--role", "expire_job", "--table", "leads"}},
		{"no-role", nil},
		{"role-without-purge", []string{"--role", "manager"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path, db := storeDB(t)
			before := dump(t, db)
			args := append([]string{"expire", "--policy", "examples/store/tombstone.yaml", "--dsn", "sqlite:" + path}, tt.args...)
			var stdout, stderr bytes.Buffer
			code := Run(args, strings.NewReader(""), &stdout, &stderr)
			after := dump(t, db)
			changes := "unchanged\n"
			if after != before {
				changes = after
			}
			got := map[string]string{
				"stdout":   durations.ReplaceAllString(stdout.String(), "<duration>"),
				"stderr":   logTimes.ReplaceAllString(strings.ReplaceAll(stderr.String(), path, "STORE.db"), ""),
				"exit":     strconv.Itoa(code) + "\n",
				"database": changes,
			}
			dir := filepath.Join("testdata/cli-expire", tt.name)
			for _, name := range []string{"stdout", "stderr", "exit", "database"} {
				file := filepath.Join(dir, name)
				if *update {
					if err := os.MkdirAll(dir, 0o755); err != nil {
						t.Fatal(err)
					}
					if err := os.WriteFile(file, []byte(got[name]), 0o644); err != nil {
						t.Fatal(err)
					}
					continue
				}
				want, err := os.ReadFile(file)
				if err != nil && !os.IsNotExist(err) {
					t.Fatal(err)
				}
				if diff := cmp.Diff(string(want), got[name]); diff != "" {
					t.Errorf("%s (-want +got):\n%s", name, diff)
				}
			}
		})
	}
}
