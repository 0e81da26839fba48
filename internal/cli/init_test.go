package cli

import (
	"bytes"
	"database/sql"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/go-sql-driver/mysql"
	"github.com/google/go-cmp/cmp"

	"github.com/tombstone-sql/tombstone/internal/testdb"
	"github.com/tombstone-sql/tombstone/policy"

	_ "modernc.org/sqlite"
)

// The schemas TestInit builds: every kind of tombstone column init
// recognizes, and the tables it must not guess about.
var initSchemas = map[string][]string{
	"postgres": {
		`CREATE TABLE customers (id bigserial PRIMARY KEY, name text NOT NULL, email text, phone varchar(40), birth_date date,
			last_login_ip inet, email_verified_at timestamptz, created_at timestamptz NOT NULL DEFAULT now(), deleted_at timestamptz)`,
		`CREATE TABLE sessions (token text PRIMARY KEY, customer_id bigint, is_deleted boolean NOT NULL DEFAULT false)`,
		`CREATE TABLE posts (id int PRIMARY KEY, title text, deleted_at bigint NOT NULL DEFAULT 0)`,
		`CREATE TABLE comments (id int PRIMARY KEY, body text, deleted timestamp)`,
		`CREATE TABLE order_items (order_id int, line int, sku text, deleted_at timestamptz, PRIMARY KEY (order_id, line))`,
		`CREATE TABLE orders (id int PRIMARY KEY, customer_id bigint, total numeric)`,
		`CREATE TABLE event_log (at timestamptz, message text, deleted_at timestamptz)`,
		`CREATE TABLE archive (id int PRIMARY KEY, deleted_at timestamptz NOT NULL)`,
		`CREATE TABLE tags (id int PRIMARY KEY, is_deleted text)`,
		`CREATE TABLE flags (id int PRIMARY KEY, is_deleted int NOT NULL DEFAULT 0)`,
		`CREATE TABLE "Odd Table: 1" ("E-mail" text, "key#" int PRIMARY KEY, deleted_at timestamptz)`,
		`CREATE TABLE "yes" (id int PRIMARY KEY)`,
		`CREATE TABLE "Audit_Log" (id int PRIMARY KEY)`,
		`CREATE TABLE audit_log (id int PRIMARY KEY)`,
		`CREATE TABLE "a.b" (id int PRIMARY KEY)`,
		`CREATE TABLE tombstone_audit (id bigserial PRIMARY KEY)`,
		`CREATE TABLE measurements (id int, at date, deleted_at timestamptz, PRIMARY KEY (id, at)) PARTITION BY RANGE (at)`,
		`CREATE TABLE measurements_2026 PARTITION OF measurements FOR VALUES FROM ('2026-01-01') TO ('2027-01-01')`,
		`CREATE VIEW live_customers AS SELECT * FROM customers WHERE deleted_at IS NULL`,
	},
	"mysql": {
		`CREATE TABLE customers (id BIGINT AUTO_INCREMENT PRIMARY KEY, name VARCHAR(100) NOT NULL, email VARCHAR(200), phone VARCHAR(40), birth_date DATE,
			last_login_ip VARBINARY(16), email_verified_at DATETIME, created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP, deleted_at DATETIME(6) NULL)`,
		`CREATE TABLE sessions (token VARCHAR(64) PRIMARY KEY, customer_id BIGINT, is_deleted BOOLEAN NOT NULL DEFAULT FALSE)`,
		`CREATE TABLE posts (id INT PRIMARY KEY, title TEXT, deleted_at BIGINT NOT NULL DEFAULT 0)`,
		`CREATE TABLE comments (id INT PRIMARY KEY, body TEXT, deleted TINYINT NOT NULL DEFAULT 0)`,
		`CREATE TABLE order_items (order_id INT, line INT, sku TEXT, deleted_at DATETIME NULL, PRIMARY KEY (order_id, line))`,
		`CREATE TABLE orders (id INT PRIMARY KEY, customer_id BIGINT, total DECIMAL(10,2))`,
		`CREATE TABLE event_log (at DATETIME, message TEXT, deleted_at DATETIME NULL)`,
		`CREATE TABLE archive (id INT PRIMARY KEY, deleted_at DATETIME NOT NULL)`,
		`CREATE TABLE tags (id INT PRIMARY KEY, is_deleted VARCHAR(5))`,
		"CREATE TABLE `Odd Table: 1` (`E-mail` TEXT, `key#` INT PRIMARY KEY, deleted_at DATETIME NULL)",
		"CREATE TABLE `yes` (id INT PRIMARY KEY)",
		"CREATE TABLE `Audit_Log` (id INT PRIMARY KEY)",
		`CREATE TABLE audit_log (id INT PRIMARY KEY)`,
		"CREATE TABLE `a.b` (id INT PRIMARY KEY)",
		`CREATE TABLE tombstone_audit (id BIGINT PRIMARY KEY)`,
		`CREATE VIEW live_customers AS SELECT * FROM customers WHERE deleted_at IS NULL`,
	},
	"sqlite": {
		`CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT NOT NULL, email TEXT, phone TEXT, birth_date DATE,
			last_login_ip TEXT, email_verified_at TIMESTAMP, created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP, deleted_at TIMESTAMP)`,
		`CREATE TABLE sessions (token TEXT PRIMARY KEY, customer_id INTEGER, is_deleted BOOLEAN NOT NULL DEFAULT 0)`,
		`CREATE TABLE posts (id INTEGER PRIMARY KEY, title TEXT, deleted_at INTEGER NOT NULL DEFAULT 0)`,
		`CREATE TABLE comments (id INTEGER PRIMARY KEY, body TEXT, deleted INTEGER NOT NULL DEFAULT 0)`,
		`CREATE TABLE order_items (order_id INTEGER, line INTEGER, sku TEXT, deleted_at TEXT, PRIMARY KEY (order_id, line))`,
		`CREATE TABLE orders (id INTEGER PRIMARY KEY, customer_id INTEGER, total NUMERIC)`,
		`CREATE TABLE event_log (at TIMESTAMP, message TEXT, deleted_at TIMESTAMP)`,
		`CREATE TABLE archive (id INTEGER PRIMARY KEY, deleted_at TIMESTAMP NOT NULL)`,
		`CREATE TABLE tags (id INTEGER PRIMARY KEY, is_deleted BLOB)`,
		`CREATE TABLE "Odd Table: 1" ("E-mail" TEXT, "key#" INTEGER PRIMARY KEY, deleted_at TIMESTAMP)`,
		`CREATE TABLE "yes" (id INTEGER PRIMARY KEY)`,
		`CREATE TABLE "a.b" (id INTEGER PRIMARY KEY)`,
		`CREATE TABLE tombstone_audit (id INTEGER PRIMARY KEY)`,
		`CREATE VIEW live_customers AS SELECT * FROM customers WHERE deleted_at IS NULL`,
	},
}

// scratchURL creates an empty scratch database of the dialect on the real
// server and returns its database URL and a connection to it.
func scratchURL(t *testing.T, dialect string) (string, *sql.DB) {
	t.Helper()
	switch dialect {
	case "postgres":
		dsn, _ := testdb.PostgresSchema(t)
		db, err := sql.Open("pgx", dsn)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		return dsn, db
	case "mysql":
		dsn, name := testdb.MySQLDatabase(t, "")
		db, err := sql.Open("mysql", dsn)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		// The same server as testdb's, as a database URL.
		cfg, err := mysql.ParseDSN(dsn)
		if err != nil {
			t.Fatal(err)
		}
		u := url.URL{Scheme: "mysql", User: url.UserPassword(cfg.User, cfg.Passwd), Host: cfg.Addr, Path: "/" + name}
		if cfg.Passwd == "" {
			u.User = url.User(cfg.User)
		}
		return u.String(), db
	}
	path := filepath.Join(t.TempDir(), "app.db")
	db, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if err := db.Ping(); err != nil { // creates the file
		t.Fatal(err)
	}
	return "sqlite:" + path, db
}

func runCLI(args ...string) (stdout, stderr string, code int) {
	var out, errb bytes.Buffer
	code = Run(args, strings.NewReader(""), &out, &errb)
	return out.String(), errb.String(), code
}

// TestInit builds a schema on each real server, runs tombstone init on it
// and compares the policy with testdata/init/DIALECT.yaml (regenerated with
// -update); the policy must load with the real loader and tombstone
// explain as it is, and again with every commented-out entry uncommented.
func TestInit(t *testing.T) {
	for _, dialect := range []string{"postgres", "mysql", "sqlite"} {
		t.Run(dialect, func(t *testing.T) {
			url, db := scratchURL(t, dialect)
			testdb.MustExec(t, db, initSchemas[dialect]...)
			stdout, stderr, code := runCLI("init", "--dsn", url)
			if code != exitOK || stderr != "" {
				t.Fatalf("tombstone init: exit %d, stderr:\n%s", code, stderr)
			}
			golden := filepath.Join("..", "..", "testdata", "init", dialect+".yaml")
			if *update {
				if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(golden, []byte(stdout), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(string(want), stdout); diff != "" {
				t.Errorf("%s (-want +got):\n%s", golden, diff)
			}

			// A second run writes the same bytes.
			again, _, _ := runCLI("init", "--dsn", url)
			if again != stdout {
				t.Errorf("a second run wrote a different policy:\n%s", cmp.Diff(stdout, again))
			}

			p, err := policy.Parse("tombstone.yaml", []byte(stdout))
			if err != nil {
				t.Fatalf("the policy does not load:\n%v\n%s", err, stdout)
			}
			if p.Dialect != dialect || p.Audit == nil || p.Audit.Table != "tombstone_audit" {
				t.Errorf("dialect %q, audit %+v", p.Dialect, p.Audit)
			}
			file := filepath.Join(t.TempDir(), "tombstone.yaml")
			if err := os.WriteFile(file, []byte(stdout), 0o644); err != nil {
				t.Fatal(err)
			}
			if out, errs, code := runCLI("explain", "--policy", file); code != exitOK || !strings.Contains(out, "customers: soft delete") {
				t.Errorf("tombstone explain: exit %d\n%s%s", code, out, errs)
			}

			// Every commented-out entry is a complete rule once
			// uncommented, except the key a table without a primary key
			// needs to be given.
			uncommented, n := uncomment(stdout)
			if n == 0 {
				t.Fatal("no commented-out entry found")
			}
			uncommented = strings.ReplaceAll(uncommented, "key: []", "key: [at]")
			if _, err := policy.Parse("uncommented.yaml", []byte(uncommented)); err != nil {
				t.Errorf("with the %d commented-out entries uncommented, the policy does not load:\n%v\n%s", n, err, uncommented)
			}
		})
	}
}

var lineComment = regexp.MustCompile(`(?m)^  # `)

var commentedEntry = regexp.MustCompile(`(?m)^  # ([^ ].*):\n((?:  #   .*\n)+)`)

// uncomment removes the comment signs of every commented-out table entry,
// as an editor's toggle-comment does.
func uncomment(s string) (string, int) {
	n := 0
	out := commentedEntry.ReplaceAllStringFunc(s, func(m string) string {
		n++
		return lineComment.ReplaceAllString(m, "  ")
	})
	return out, n
}

// TestInitBadInput checks the inputs init cannot start from: each is
// answered with what to do, exit status 2, and nothing on stdout.
func TestInitBadInput(t *testing.T) {
	t.Setenv("TOMBSTONE_DSN", "")
	pgEmpty, _ := scratchURL(t, "postgres")
	myEmpty, _ := scratchURL(t, "mysql")
	sqliteEmpty, _ := scratchURL(t, "sqlite")
	sqliteAuditOnly, db := scratchURL(t, "sqlite")
	testdb.MustExec(t, db, "CREATE TABLE tombstone_audit (id INTEGER PRIMARY KEY)")
	tests := []struct {
		name string
		args []string
		want string // the start of stderr
	}{
		{"no tables, postgres", []string{"--dsn", pgEmpty}, "tombstone init: the database has no tables in the schemas on its search_path; create the application's tables first"},
		{"no tables, mysql", []string{"--dsn", myEmpty}, "tombstone init: the database has no tables; create the application's tables first"},
		{"no tables, sqlite", []string{"--dsn", sqliteEmpty}, "tombstone init: the database has no tables in its main database; create"},
		{"only the audit table", []string{"--dsn", sqliteAuditOnly}, "tombstone init: the database has no tables besides tombstone_audit"},
		{"unreachable postgres", []string{"--dsn", "postgres://postgres@127.0.0.1:1/app?sslmode=disable"}, "tombstone init: cannot read the database's tables: "},
		{"unreachable mysql", []string{"--dsn", "mysql://root@127.0.0.1:1/app"}, "tombstone init: cannot read the database's tables: "},
		{"mysql without a database", []string{"--dsn", "mysql://root@127.0.0.1:3306/"}, "tombstone init: cannot read the database's tables: the connection has no current database; name one in the URL"},
		{"missing sqlite file", []string{"--dsn", "sqlite:" + filepath.Join(t.TempDir(), "nope.db")}, "tombstone init: stat "},
		{"unknown scheme", []string{"--dsn", "oracle://x"}, `tombstone init: database URL scheme "oracle" is not one tombstone knows`},
		{"no URL", []string{}, "tombstone init: --dsn is required; add --dsn URL or set TOMBSTONE_DSN"},
		{"dialect disagrees", []string{"--dsn", sqliteEmpty, "--dialect", "mysql"}, "tombstone init: --dialect mysql, but the URL is a sqlite URL"},
		{"unknown dialect", []string{"--dsn", sqliteEmpty, "--dialect", "oracle"}, "tombstone init: --dialect must be one of"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			stdout, stderr, code := runCLI(append([]string{"init"}, tt.args...)...)
			if code != exitUsage || stdout != "" || !strings.HasPrefix(stderr, tt.want) || strings.Count(stderr, "\n") > 3 {
				t.Errorf("exit %d, stdout %q, stderr %q; want 2, nothing, and %q…", code, stdout, stderr, tt.want)
			}
		})
	}
	if _, err := os.Stat(strings.TrimPrefix(tests[7].args[1], "sqlite:")); !os.IsNotExist(err) {
		t.Errorf("init created the missing SQLite file: %v", err)
	}
}

// TestInitNothingInferred: when no table has a tombstone column the
// policy cannot load until someone decides; init writes it all the same,
// says so and exits 1.
func TestInitNothingInferred(t *testing.T) {
	url, db := scratchURL(t, "sqlite")
	testdb.MustExec(t, db, "CREATE TABLE orders (id INTEGER PRIMARY KEY, total NUMERIC)", "CREATE TABLE invoices (id INTEGER PRIMARY KEY, billing_name TEXT)")
	stdout, stderr, code := runCLI("init", "--dsn", url)
	if code != exitFinding || !strings.Contains(stderr, "none of the 2 tables has a tombstone column") {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
	if !strings.Contains(stdout, "  # invoices:\n") || !strings.Contains(stdout, "  # orders:\n") || !strings.Contains(stdout, `personal: [billing_name]  # guessed`) {
		t.Errorf("stdout lacks the commented-out entries:\n%s", stdout)
	}
	uncommented, _ := uncomment(stdout)
	if _, err := policy.Parse("tombstone.yaml", []byte(uncommented)); err != nil {
		t.Errorf("uncommented, the policy does not load: %v\n%s", err, uncommented)
	}
}

func TestYAMLScalar(t *testing.T) {
	for _, name := range []string{"customers", "sales.orders", "Odd Table: 1", "yes", "No", "null", "true", "123", "-x", "#c", "a\nb", `q"uote`, "ünï", "key#", "E-mail", "[x]", "x: y", " lead"} {
		doc := "k: " + yamlScalar(name) + "\n"
		p, err := policy.Parse("p.yaml", []byte("version: 1\ntables:\n  t: {delete: soft, column: "+yamlScalar(name)+", key: [other]}\n"))
		if !column(name) {
			continue
		}
		if err != nil {
			t.Errorf("%q written as %s does not load: %v", name, doc, err)
			continue
		}
		if got := p.Tables[0].Column; got != name {
			t.Errorf("%q written as %s reads back as %q", name, yamlScalar(name), got)
		}
	}
}

// TestInitDocsExcerpt: the excerpt of init's output in docs/cli.md is
// lines of the PostgreSQL golden, in order.
func TestInitDocsExcerpt(t *testing.T) {
	page, err := os.ReadFile("../../docs/cli.md")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile("(?s)## `tombstone init`.*?```yaml\n(.*?)```").FindSubmatch(page)
	if m == nil {
		t.Fatal("docs/cli.md has no excerpt of tombstone init's output")
	}
	golden, err := os.ReadFile("../../testdata/init/postgres.yaml")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(golden), "\n")
	i := 0
	for _, want := range strings.Split(strings.TrimRight(string(m[1]), "\n"), "\n") {
		for i < len(lines) && lines[i] != want {
			i++
		}
		if i == len(lines) {
			t.Fatalf("docs/cli.md: %q is not a line of testdata/init/postgres.yaml after the ones before it", want)
		}
	}
}
