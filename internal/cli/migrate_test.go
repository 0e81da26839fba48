package cli_test

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/tombstone-sql/tombstone"
	"github.com/tombstone-sql/tombstone/internal/cli"
	"github.com/tombstone-sql/tombstone/internal/dburl"
	"github.com/tombstone-sql/tombstone/internal/testdb"
	"github.com/tombstone-sql/tombstone/policy"
)

// The migrate test's policy: every kind of statement migrate prints — the
// audit table, tombstone columns of each marker, a live-rows-only unique
// key, a cascade's column and triggers, and the audit triggers.
const migratePolicy = `version: 1
audit: {table: tombstone_audit}
tables:
  customers:
    delete: soft
    column: deleted_at
    restore_window: 30d
    unique: [email]
    cascade: {tickets: customer_id}
  tickets:
    delete: soft
    column: deleted_at
    restore_window: 30d
  events:
    delete: soft
    column: gone
    marker: unix
  leads:
    delete: hard
`

// client is a dialect's own command-line client, reading a script on
// stdin and stopping at the first error.
func client(t *testing.T, dialect, url string) *exec.Cmd {
	t.Helper()
	var name string
	var args []string
	switch dialect {
	case "postgres":
		name, args = "psql", []string{"-X", "-q", "-v", "ON_ERROR_STOP=1", url}
	case "mysql":
		db, _, _ := strings.Cut(url[strings.LastIndex(url, "/")+1:], "?")
		name, args = "mysql", []string{"--batch", "-h", "127.0.0.1", "-P", "3306", "-u", "root", db}
	case "sqlite":
		name, args = "sqlite3", []string{"-bail", strings.TrimPrefix(url, "sqlite:")}
	}
	path, err := exec.LookPath(name)
	if err != nil {
		if testdb.InCI() {
			t.Fatalf("%s is not installed under CI=true: %v", name, err)
		}
		t.Skipf("skipping: the %s client is not installed: %v", name, err)
	}
	return exec.Command(path, args...)
}

// TestMigrateRunsInClients pipes what `tombstone migrate` prints into the
// dialect's own client, twice, and then soft-deletes through tombstone on
// the resulting schema: a tombstone, its cascade and one audit row each.
// SQLite has no ADD COLUMN IF NOT EXISTS, so its runs are given --dsn and
// print only what the database lacks.
func TestMigrateRunsInClients(t *testing.T) {
	p, err := policy.Parse("tombstone.yaml", []byte(migratePolicy))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	file := filepath.Join(dir, "tombstone.yaml")
	if err := os.WriteFile(file, []byte(migratePolicy), 0o644); err != nil {
		t.Fatal(err)
	}
	type server struct{ dialect, url string }
	var servers []server
	servers = append(servers, server{"postgres", testdb.PostgresDatabase(t)})
	_, myName := testdb.MySQLDatabase(t, "")
	servers = append(servers, server{"mysql", "mysql://root@127.0.0.1:3306/" + myName + "?parseTime=true"})
	servers = append(servers, server{"sqlite", "sqlite:" + filepath.Join(dir, "app.db")})
	for _, s := range servers {
		t.Run(s.dialect, func(t *testing.T) {
			client(t, s.dialect, s.url) // skips without the client
			text := map[string]string{"postgres": "text", "mysql": "VARCHAR(255)", "sqlite": "TEXT"}[s.dialect]
			app := []string{
				"CREATE TABLE customers (id INT PRIMARY KEY, email " + text + " NOT NULL)",
				"CREATE TABLE tickets (id INT PRIMARY KEY, customer_id INT NOT NULL)",
				"CREATE TABLE events (id INT PRIMARY KEY)",
				"CREATE TABLE leads (id INT PRIMARY KEY)",
				"INSERT INTO customers (id, email) VALUES (1, 'a@x'), (2, 'b@x')",
				"INSERT INTO tickets (id, customer_id) VALUES (11, 1), (12, 1), (21, 2)",
				"INSERT INTO events (id) VALUES (1)",
			}
			run(t, client(t, s.dialect, s.url), strings.Join(app, ";\n")+";\n")

			// PostgreSQL and MariaDB: the same script twice, then the one
			// --dsn prints. SQLite: --dsn each time.
			for i := 1; i <= 3; i++ {
				args := []string{"migrate", "--policy", file, "--dialect", s.dialect}
				live := s.dialect == "sqlite" || i == 3
				if live {
					args = []string{"migrate", "--policy", file, "--dsn", s.url}
				}
				var out, errb bytes.Buffer
				if code := cli.Run(args, strings.NewReader(""), &out, &errb); code != 0 {
					t.Fatalf("run %d: tombstone %s: exit %d: %s", i, strings.Join(args, " "), code, errb.String())
				}
				if live && i > 1 && (strings.Contains(out.String(), "ADD COLUMN") || !strings.Contains(out.String(), "exists already")) {
					t.Errorf("run %d: migrate --dsn adds columns the database has:\n%s", i, out.String())
				}
				run(t, client(t, s.dialect, s.url), out.String())
			}

			// The schema works: a soft delete through tombstone tombstones
			// the customer and its tickets, one audit row each.
			db, _, err := dburl.Open(s.url, p, tombstone.WithLogger(slog.New(slog.DiscardHandler)))
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			ctx := tombstone.WithActor(context.Background(), "ann", "asked")
			if _, err := db.ExecContext(ctx, "DELETE FROM customers WHERE id = 1"); err != nil {
				t.Fatal(err)
			}
			if _, err := db.ExecContext(ctx, "DELETE FROM events WHERE id = 1"); err != nil {
				t.Fatal(err)
			}
			plain, _, err := dburl.OpenPlain(s.url)
			if err != nil {
				t.Fatal(err)
			}
			defer plain.Close()
			// Expected, from the rows inserted above: customer 1, its
			// tickets (customer_id = 1) and event 1 are tombstones.
			var want, wantAudit []string
			for _, r := range []struct {
				table string
				id    int
				dead  bool
			}{{"customers", 1, true}, {"customers", 2, false}, {"tickets", 11, true}, {"tickets", 12, true}, {"tickets", 21, false}, {"events", 1, true}} {
				want = append(want, fmt.Sprintf("%s %d deleted=%v", r.table, r.id, r.dead))
				if r.dead {
					wantAudit = append(wantAudit, fmt.Sprintf("ann tombstone %s %d", r.table, r.id))
				}
			}
			var got, gotAudit []string
			for _, r := range rowsOf(t, plain, "SELECT 'customers', id, CASE WHEN deleted_at IS NULL THEN 0 ELSE 1 END FROM customers UNION ALL SELECT 'tickets', id, CASE WHEN deleted_at IS NULL THEN 0 ELSE 1 END FROM tickets UNION ALL SELECT 'events', id, CASE WHEN gone = 0 THEN 0 ELSE 1 END FROM events") {
				got = append(got, fmt.Sprintf("%s %s deleted=%v", r[0], r[1], r[2] == "1"))
			}
			for _, r := range rowsOf(t, plain, "SELECT actor, action, table_name, row_key FROM tombstone_audit") {
				var key struct{ ID int }
				if err := json.Unmarshal([]byte(r[3]), &key); err != nil {
					t.Fatalf("row_key %q: %v", r[3], err)
				}
				gotAudit = append(gotAudit, fmt.Sprintf("%s %s %s %d", r[0], r[1], r[2], key.ID))
			}
			sort.Strings(got)
			sort.Strings(gotAudit)
			sort.Strings(want)
			sort.Strings(wantAudit)
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("rows (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(wantAudit, gotAudit); diff != "" {
				t.Errorf("audit trail, actor action table key (-want +got):\n%s", diff)
			}
		})
	}
}

// run feeds script to a client and fails on a non-zero exit or an error
// message.
func run(t *testing.T, cmd *exec.Cmd, script string) {
	t.Helper()
	cmd.Stdin = strings.NewReader(script)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		t.Fatalf("%s: %v\n%s\nscript:\n%s", cmd.Path, err, out.String(), script)
	}
	if strings.Contains(out.String(), "ERROR") || strings.Contains(out.String(), "Error") {
		t.Fatalf("%s reported an error:\n%s", cmd.Path, out.String())
	}
}

// rowsOf reads every row of q as text (NULL as "").
func rowsOf(t *testing.T, db *sql.DB, q string) [][]string {
	t.Helper()
	rows, err := db.Query(q)
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	var out [][]string
	for rows.Next() {
		vals := make([]sql.NullString, len(cols))
		dest := make([]any, len(cols))
		for i := range vals {
			dest[i] = &vals[i]
		}
		if err := rows.Scan(dest...); err != nil {
			t.Fatal(err)
		}
		r := make([]string, len(vals))
		for i, v := range vals {
			r[i] = v.String
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}
