package review_test

import (
	"context"
	"database/sql"
	"fmt"
	"log"
	"os"
	"path/filepath"

	"github.com/tombstone-sql/tombstone/policy"
	"github.com/tombstone-sql/tombstone/review"
	"github.com/tombstone-sql/tombstone/schema"
)

// exampleDB creates a SQLite database in a temporary directory with the
// tables, then the DDL tombstone migrate prints for p, then rows.
func exampleDB(p *policy.Policy, tables, rows []string) (*sql.DB, func()) {
	dir, err := os.MkdirTemp("", "review-example-")
	if err != nil {
		log.Fatal(err)
	}
	db, err := sql.Open("sqlite", "file:"+filepath.Join(dir, "app.db"))
	if err != nil {
		log.Fatal(err)
	}
	ddl, err := schema.Migrate(p, "sqlite")
	if err != nil {
		log.Fatal(err)
	}
	stmts := tables
	for _, s := range ddl {
		stmts = append(stmts, s.SQL)
	}
	for _, s := range append(stmts, rows...) {
		if _, err := db.Exec(s); err != nil {
			log.Fatalf("%s: %v", s, err)
		}
	}
	return db, func() { db.Close(); os.RemoveAll(dir) }
}

// Gather reads the review from a plain connection (not one opened through
// tombstone, which would hide the tombstones it counts).
func ExampleGather() {
	p, err := policy.Parse("tombstone.yaml", []byte(`version: 1
audit: {table: tombstone_audit}
tables:
  accounts: {delete: soft, column: deleted_at, key: [id], restore_window: 30d, after_window: purge}
`))
	if err != nil {
		log.Fatal(err)
	}
	db, done := exampleDB(p,
		[]string{"CREATE TABLE accounts (id INTEGER PRIMARY KEY, email TEXT NOT NULL)"},
		[]string{
			// One live account, one deleted 3 days ago, one 45 days ago:
			// past the window, and no expire run has purged it.
			"INSERT INTO accounts (id, email, deleted_at) VALUES (1, 'ana@example.com', NULL), " +
				"(2, 'bo@example.com', datetime('now', '-3 days')), (3, 'cy@example.com', datetime('now', '-45 days'))",
			// The audit trail: account 2 deleted, and restored a day and a half later.
			"INSERT INTO tombstone_audit (at, action, table_name, row_key) VALUES " +
				"(strftime('%Y-%m-%d %H:%M:%f', 'now', '-3 days'), 'tombstone', 'accounts', '{\"id\":2}'), " +
				"(strftime('%Y-%m-%d %H:%M:%f', 'now', '-36 hours'), 'restore', 'accounts', '{\"id\":2}')",
		})
	defer done()

	r, err := review.Gather(context.Background(), db, p, "sqlite")
	if err != nil {
		log.Fatal(err)
	}
	t := r.Tables[0]
	fmt.Printf("%s: %d rows, %d tombstones, the oldest %d days old\n", t.Name, t.Rows, t.Tombstones, *t.OldestDays)
	fmt.Printf("%s: %d overdue for %s\n", t.Timed.Rule, t.Timed.Past, t.Timed.Action)
	fmt.Println(t.Restores.Summary)
	// Output:
	// accounts: 3 rows, 2 tombstones, the oldest 45 days old
	// restore window of 30 days ended: 1 overdue for purge
	// restore window 30 days: the one restore in the last 3 months came within 2 days
}

// Doctor finds what keeps the database from working as the policy says,
// with the DDL that fixes it.
func ExampleDoctor() {
	p, err := policy.Parse("tombstone.yaml", []byte(`version: 1
tables:
  accounts: {delete: soft, column: deleted_at, key: [id]}
`))
	if err != nil {
		log.Fatal(err)
	}
	// The application's table has a plain unique key on email.
	db, done := exampleDB(p, []string{
		"CREATE TABLE accounts (id INTEGER PRIMARY KEY, email TEXT NOT NULL)",
		"CREATE UNIQUE INDEX accounts_email ON accounts (email)",
	}, nil)
	defer done()

	findings, err := review.Doctor(context.Background(), db, p, "sqlite")
	if err != nil {
		log.Fatal(err)
	}
	for _, f := range findings {
		fmt.Printf("%s %s (%s): %s\n%s\n", f.Rule.Code, f.Rule.Name, f.Severity, f.Message, f.Fix)
	}
	// Output:
	// TD004 unique-counts-tombstones (error): unique key accounts_email of accounts on (email) counts tombstones: a new row cannot reuse a deleted row's email; add [email] to the `unique:` of accounts (line 3) and run this DDL, which tombstone migrate then prints
	// CREATE UNIQUE INDEX IF NOT EXISTS accounts_email_live ON accounts (email) WHERE deleted_at IS NULL;
	// DROP INDEX accounts_email;
}
