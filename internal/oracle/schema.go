// Package oracle is the differential oracle that proves rewrites correct on
// real databases: the same data with tombstones (D) and with the tombstoned
// rows physically removed (D'); a rewritten statement on D must do exactly
// what the original does on D'.
//
// D is loaded once per engine. D' is never stored: each case runs the
// original statement in a transaction that first deletes the tombstones the
// scope hides, then rolls back, so one database serves every case and
// every scope.
package oracle

import (
	"fmt"
	"strings"
)

// Column is one column of the oracle schema; Type is neutral: int,
// bigint, text, timestamp or bool.
type Column struct {
	Name    string
	Type    string
	NotNull bool
	Default string
}

// Table is one table of the oracle schema.
type Table struct {
	Schema string // "" or "sales"
	Name   string
	Cols   []Column
	// Refs maps a column to the table it references (foreign key to id).
	Refs map[string]string
	// UniqueLive names a column whose values are unique among live rows.
	UniqueLive string
	Rows       [][]any
}

// FullName is schema.name or name.
func (t *Table) FullName() string {
	if t.Schema != "" {
		return t.Schema + "." + t.Name
	}
	return t.Name
}

// Schema returns the oracle schema and its seeded data: ten tables (soft
// tables with each marker kind, a schema-qualified soft table, a soft table
// with a quoted column, a retain table, a hard table and ungoverned
// tables) linked by foreign keys, about a third of each soft table's rows
// tombstoned. The data is the same on every run and every engine.
func Schema() []*Table {
	r := &lcg{seed: 20261127}
	ts := func(day int) string { return fmt.Sprintf("2026-%02d-%02d 10:%02d:00", 1+day/28%12, 1+day%28, day%60) }
	tomb := func(i int) bool { return r.n(3) == 0 }

	regions := &Table{Name: "regions", Cols: []Column{{"code", "text", true, ""}, {"name", "text", true, ""}}}
	for _, c := range []string{"eu", "us", "apac", "latam"} {
		regions.Rows = append(regions.Rows, []any{c, strings.ToUpper(c)})
	}
	products := &Table{Name: "products", Cols: []Column{{"id", "int", true, ""}, {"name", "text", true, ""}, {"price", "int", true, ""}, {"category", "text", false, ""}}}
	for i := 1; i <= 10; i++ {
		products.Rows = append(products.Rows, []any{i, fmt.Sprintf("product %d", i), 5 * (1 + r.n(40)), []string{"eu", "us", "lamp", "shade"}[i%4]})
	}
	customers := &Table{Name: "customers", UniqueLive: "email", Cols: []Column{
		{"id", "int", true, ""}, {"name", "text", true, ""}, {"email", "text", true, ""}, {"phone", "text", false, ""},
		{"region", "text", true, ""}, {"created_at", "timestamp", true, ""}, {"deleted_at", "timestamp", false, ""}}}
	for i := 1; i <= 30; i++ {
		var phone, del any
		if r.n(4) != 0 {
			phone = fmt.Sprintf("+1-555-%04d", r.n(10000))
		}
		if tomb(i) {
			del = ts(100 + i)
		}
		customers.Rows = append(customers.Rows, []any{i, fmt.Sprintf("customer %d", i), fmt.Sprintf("c%d@example.com", i), phone,
			[]string{"eu", "us", "apac", "latam"}[r.n(4)], ts(i), del})
	}
	accounts := &Table{Schema: "sales", Name: "accounts", Refs: map[string]string{"customer_id": "customers"}, Cols: []Column{
		{"id", "int", true, ""}, {"customer_id", "int", true, ""}, {"plan", "text", true, ""}, {"deleted_at", "timestamp", false, ""}}}
	for i := 1; i <= 20; i++ {
		var del any
		if tomb(i) {
			del = ts(200 + i)
		}
		accounts.Rows = append(accounts.Rows, []any{i, 1 + r.n(30), []string{"free", "pro", "team"}[r.n(3)], del})
	}
	tickets := &Table{Name: "support_tickets", Refs: map[string]string{"customer_id": "customers"}, Cols: []Column{
		{"id", "int", true, ""}, {"customer_id", "int", true, ""}, {"subject", "text", true, ""}, {"status", "text", true, ""},
		{"priority", "int", true, ""}, {"deleted_at", "timestamp", false, ""}}}
	for i := 1; i <= 60; i++ {
		var del any
		if tomb(i) {
			del = ts(150 + i)
		}
		tickets.Rows = append(tickets.Rows, []any{i, 1 + r.n(30), fmt.Sprintf("ticket %d", i), []string{"open", "closed", "spam"}[r.n(3)], 1 + r.n(3), del})
	}
	orders := &Table{Name: "orders", Refs: map[string]string{"customer_id": "customers"}, Cols: []Column{
		{"id", "int", true, ""}, {"customer_id", "int", true, ""}, {"total", "int", true, ""}, {"status", "text", true, ""},
		{"is_deleted", "bool", true, "false"}}}
	for i := 1; i <= 50; i++ {
		orders.Rows = append(orders.Rows, []any{i, 1 + r.n(30), 10 * (1 + r.n(50)), []string{"paid", "pending", "cancelled"}[r.n(3)], tomb(i)})
	}
	items := &Table{Name: "order_items", Refs: map[string]string{"order_id": "orders", "product_id": "products"}, Cols: []Column{
		{"id", "int", true, ""}, {"order_id", "int", true, ""}, {"product_id", "int", true, ""}, {"qty", "int", true, ""},
		{"price", "int", true, ""}, {"deleted_unix", "bigint", true, "0"}}}
	for i := 1; i <= 120; i++ {
		del := int64(0)
		if tomb(i) {
			del = 1767225600 + int64(i)*3600
		}
		items.Rows = append(items.Rows, []any{i, 1 + r.n(50), 1 + r.n(10), 1 + r.n(5), 5 * (1 + r.n(40)), del})
	}
	notes := &Table{Name: "notes", Refs: map[string]string{"customer_id": "customers"}, Cols: []Column{
		{"id", "int", true, ""}, {"customer_id", "int", true, ""}, {"body", "text", true, ""}, {"RemovedAt", "timestamp", false, ""}}}
	for i := 1; i <= 40; i++ {
		var del any
		if tomb(i) {
			del = ts(250 + i)
		}
		notes.Rows = append(notes.Rows, []any{i, 1 + r.n(30), fmt.Sprintf("note %d", i), del})
	}
	invoices := &Table{Name: "invoices", Refs: map[string]string{"customer_id": "customers", "order_id": "orders"}, Cols: []Column{
		{"id", "int", true, ""}, {"customer_id", "int", true, ""}, {"order_id", "int", true, ""}, {"amount", "int", true, ""},
		{"billing_name", "text", true, ""}, {"created_at", "timestamp", true, ""}}}
	for i := 1; i <= 40; i++ {
		invoices.Rows = append(invoices.Rows, []any{i, 1 + r.n(30), 1 + r.n(50), 10 * (1 + r.n(50)), fmt.Sprintf("Billing %d", i), ts(i * 3)})
	}
	leads := &Table{Name: "leads", Cols: []Column{
		{"id", "int", true, ""}, {"email", "text", true, ""}, {"source", "text", true, ""}, {"created_at", "timestamp", true, ""}}}
	for i := 1; i <= 20; i++ {
		email := fmt.Sprintf("lead%d@example.com", i)
		if i%3 == 0 {
			email = fmt.Sprintf("c%d@example.com", 1+r.n(30)) // a lead that became a customer
		}
		leads.Rows = append(leads.Rows, []any{100 + i, email, []string{"web", "fair", "ads"}[r.n(3)], ts(i * 9)})
	}
	return []*Table{regions, products, customers, accounts, tickets, orders, items, notes, invoices, leads}
}

// lcg is a tiny deterministic generator: the data must not depend on the
// Go version's math/rand.
type lcg struct{ seed uint64 }

func (r *lcg) n(k int) int {
	r.seed = r.seed*6364136223846793005 + 1442695040888963407
	return int((r.seed >> 33) % uint64(k))
}
