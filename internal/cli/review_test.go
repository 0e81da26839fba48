package cli

import (
	"bytes"
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/tombstone-sql/tombstone/policy"
	"github.com/tombstone-sql/tombstone/schema"
)

const doctorPolicy = "testdata/doctor/tombstone.yaml"

// reviewDB builds the SQLite database of testdata/doctor: tables as the
// application made them (tables), then tombstone migrate's DDL, then rows
// aged on the database's clock.
func reviewDB(t *testing.T, tables ...string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "app.db")
	db, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	p, err := policy.Load(doctorPolicy)
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
	stmts = append(stmts,
		"INSERT INTO accounts (id, email, deleted_at) VALUES (1, 'ana@example.com', NULL), (2, 'bo@example.com', strftime('%Y-%m-%d %H:%M:%f', 'now', '-3 days')), (3, 'cy@example.com', strftime('%Y-%m-%d %H:%M:%f', 'now', '-45 days'))",
		"INSERT INTO tickets (id, account_id, subject, deleted_at) VALUES (10, 1, 'login', NULL), (11, 1, 'invoice', NULL)",
		"INSERT INTO tombstone_audit (at, actor, action, table_name, row_key) VALUES (strftime('%Y-%m-%d %H:%M:%f', 'now', 'start of month', '-2 months', '+4 days'), 'app', 'tombstone', 'accounts', '{\"id\":3}'), (strftime('%Y-%m-%d %H:%M:%f', 'now', 'start of month', '-1 months', '+9 days'), 'app', 'tombstone', 'accounts', '{\"id\":2}')",
	)
	for _, s := range stmts {
		if _, err := db.Exec(s); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
	}
	return path
}

var (
	// soundTables are the tables as tombstone needs them.
	soundTables = []string{
		"CREATE TABLE accounts (id INTEGER PRIMARY KEY, email TEXT NOT NULL)",
		"CREATE TABLE tickets (id INTEGER PRIMARY KEY, account_id INTEGER NOT NULL REFERENCES accounts (id), subject TEXT NOT NULL)",
	}
	// wrongTables have a unique key that counts tombstones and a foreign
	// key that deletes tickets behind the policy.
	wrongTables = []string{
		"CREATE TABLE accounts (id INTEGER PRIMARY KEY, email TEXT NOT NULL)",
		"CREATE TABLE tickets (id INTEGER PRIMARY KEY, account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE, subject TEXT NOT NULL UNIQUE)",
	}
)

func chdirRoot(t *testing.T) {
	t.Helper()
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	t.Chdir(root)
}

// golden compares got with testdata/doctor/name, rewriting it under -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", "doctor", name)
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./internal/cli -run %s -update)", err, t.Name())
	}
	if diff := cmp.Diff(string(want), got); diff != "" {
		t.Errorf("%s (-want +got):\n%s", path, diff)
	}
}

func TestDoctorCommand(t *testing.T) {
	chdirRoot(t)
	wrong := reviewDB(t, wrongTables...)
	for _, format := range []string{"text", "json", "sarif", "github"} {
		t.Run(format, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := Run([]string{"doctor", "--policy", doctorPolicy, "--dsn", "sqlite:" + wrong, "--format", format}, nil, &stdout, &stderr)
			if code != exitFinding || stderr.Len() > 0 {
				t.Fatalf("exit %d, stderr %q; want 1 and nothing", code, stderr.String())
			}
			golden(t, "doctor."+format, stdout.String())
		})
	}
	t.Run("sound", func(t *testing.T) {
		sound := reviewDB(t, soundTables...)
		var stdout, stderr bytes.Buffer
		code := Run([]string{"doctor", "--policy", doctorPolicy, "--dsn", "sqlite:" + sound}, nil, &stdout, &stderr)
		if code != exitOK || stderr.Len() > 0 {
			t.Fatalf("exit %d, stderr %q; want 0 and nothing", code, stderr.String())
		}
		golden(t, "doctor-sound.text", stdout.String())
	})
	t.Run("missing database file", func(t *testing.T) {
		var stdout, stderr bytes.Buffer
		code := Run([]string{"doctor", "--policy", doctorPolicy, "--dsn", "sqlite:" + filepath.Join(t.TempDir(), "none.db")}, nil, &stdout, &stderr)
		if code != exitUsage || !strings.Contains(stderr.String(), "give the path of the application's SQLite database") {
			t.Fatalf("exit %d, stderr %q", code, stderr.String())
		}
	})
}

// TestReportCommand runs tombstone report on the sound database; the
// months of the period are the database clock's, so the golden holds
// them as MONTH-2, MONTH-1, MONTH-0.
func TestReportCommand(t *testing.T) {
	chdirRoot(t)
	path := reviewDB(t, soundTables...)
	db, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var months []string
	for i := 2; i >= 0; i-- {
		var m string
		if err := db.QueryRow("SELECT strftime('%Y-%m', 'now', 'start of month', ?)", "-"+string(rune('0'+i))+" months").Scan(&m); err != nil {
			t.Fatal(err)
		}
		months = append(months, m)
	}
	for _, format := range []string{"text", "markdown"} {
		t.Run(format, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := Run([]string{"report", "--policy", doctorPolicy, "--dsn", "sqlite:" + path, "--format", format}, nil, &stdout, &stderr)
			if code != exitOK || stderr.Len() > 0 {
				t.Fatalf("exit %d, stderr %q; want 0 and nothing", code, stderr.String())
			}
			out := stdout.String()
			for i, m := range months {
				out = strings.ReplaceAll(out, m, "MONTH-"+string(rune('0'+2-i)))
			}
			golden(t, "report."+format, out)
		})
	}
}
