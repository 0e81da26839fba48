package lifecycle_test

import (
	"context"
	"database/sql"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"strings"

	_ "modernc.org/sqlite" // the "sqlite" driver

	"github.com/tombstone-sql/tombstone"
	"github.com/tombstone-sql/tombstone/lifecycle"
	"github.com/tombstone-sql/tombstone/schema"
)

// A privacy request: customer 7 asks to be erased. Their profile is
// anonymized and left a tombstone nobody can restore, their invoice kept
// for finance without the billing name, their ticket deleted; the receipt
// says so and names the warehouse as a follow-up. Erase appends the
// request to an erasure log that a backup restore is followed by a
// Replay of.
func ExampleErase() {
	p, err := tombstone.ParsePolicy("tombstone.yaml", []byte(`version: 1
audit: {table: tombstone_audit}
tables:
  customers:
    delete: soft
    column: deleted_at
    personal: [name, email]
    anonymize_with: {name: (anonymized), email: "anonymized-{id}@example.invalid"}
  invoices: {delete: retain, retention: 7y, personal: [billing_name]}
  tickets: {delete: soft, column: deleted_at, erase: purge}
subjects:
  customer: {customers: id, invoices: customer_id, tickets: customer_id}
copies:
  warehouse: {tables: [customers, invoices], kept_for: 1y}
`))
	if err != nil {
		log.Fatal(err)
	}
	dir, err := os.MkdirTemp("", "erase-example-")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	dsn := "file:" + filepath.Join(dir, "app.db")

	// The application's tables, tombstone migrate's DDL and customer 7.
	setup, err := sql.Open("sqlite", dsn)
	if err != nil {
		log.Fatal(err)
	}
	defer setup.Close()
	ddl, _ := schema.Migrate(p, "sqlite")
	stmts := []string{
		"CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT NOT NULL, email TEXT NOT NULL)",
		"CREATE TABLE invoices (id INTEGER PRIMARY KEY, customer_id INTEGER NOT NULL, billing_name TEXT, created_at TEXT NOT NULL)",
		"CREATE TABLE tickets (id INTEGER PRIMARY KEY, customer_id INTEGER NOT NULL, subject TEXT NOT NULL)",
	}
	for _, s := range ddl {
		stmts = append(stmts, s.SQL)
	}
	stmts = append(stmts,
		"INSERT INTO customers (id, name, email) VALUES (7, 'Maya', 'maya@example.com')",
		"INSERT INTO invoices VALUES (70, 7, 'Maya Example', datetime('now'))",
		"INSERT INTO tickets (id, customer_id, subject) VALUES (71, 7, 'Lamp shade arrived cracked')")
	for _, s := range stmts {
		if _, err := setup.Exec(s); err != nil {
			log.Fatal(err)
		}
	}

	db, err := tombstone.OpenDB("sqlite", dsn, p)
	if err != nil {
		log.Fatal(err)
	}
	defer db.Close()
	receipt, err := lifecycle.Erase(context.Background(), db, p, "sqlite", lifecycle.Subject{Kind: "customer", ID: "7"},
		lifecycle.WithActor("privacy desk"), lifecycle.WithReason("request 2026-118"),
		lifecycle.WithLog(filepath.Join(dir, "erasures.log")))
	if err != nil {
		log.Fatal(err)
	}
	var text strings.Builder
	if err := receipt.WriteText(&text); err != nil {
		log.Fatal(err)
	}
	fmt.Print(text.String())

	var name, billing string
	if err := setup.QueryRow("SELECT c.name, coalesce(i.billing_name, 'NULL') FROM customers c JOIN invoices i ON i.customer_id = c.id").Scan(&name, &billing); err != nil {
		log.Fatal(err)
	}
	fmt.Println("\ncustomer:", name, "/ invoice billing_name:", billing)
	err = lifecycle.Restore(context.Background(), db, "sqlite", p.Table("customers"), lifecycle.Key{"id": 7})
	fmt.Println("restore:", err != nil)
	// Output:
	// Erasure of customer 7
	//
	// In the database:
	//   - customers: 1 row anonymized (name, email) and tombstoned; restoring is refused from now on.
	//     Rule: soft delete with erase: anonymize (the default).
	//   - invoices: 1 row kept, billing_name anonymized.
	//     Rule: retain for 7 years after created_at.
	//   - tickets: 1 row deleted for good.
	//     Rule: soft delete with erase: purge.
	//
	// Follow-ups (systems outside the database that hold copies; tombstone cannot reach them):
	//   - warehouse: customers, invoices — kept 1 year; remove customer 7 there.
	//
	// customer: (anonymized) / invoice billing_name: NULL
	// restore: true
}
