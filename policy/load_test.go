package policy

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestParseStore(t *testing.T) {
	p, err := Load("../examples/store/tombstone.yaml")
	if err != nil {
		t.Fatal(err)
	}
	type row struct {
		Name, Rule, Marker, Column string
		Key, Personal              []string
		Window, After, Retention   string
		Expire, Age                string
	}
	var got []row
	for _, tb := range p.Tables {
		got = append(got, row{tb.Name, tb.Rule.String(), markerName(tb.Marker), tb.Column, tb.Key, tb.Personal,
			tb.RestoreWindow.String(), tb.AfterWindow.String(), tb.Retention.String(), tb.ExpireAfter.String(), tb.AgeColumn})
	}
	want := []row{
		{"customers", "soft", "timestamp", "deleted_at", []string{"id"}, []string{"name", "email", "phone"}, "30d", "anonymize", "", "", ""},
		{"invoices", "retain", "", "", []string{"id"}, []string{"billing_name"}, "", "keep", "7y", "", "created_at"},
		{"support_tickets", "soft", "timestamp", "deleted_at", []string{"id"}, nil, "14d", "purge", "", "", ""},
		{"leads", "hard", "", "", []string{"id"}, nil, "", "keep", "", "90d", "created_at"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("tables (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(map[string]string{"name": "(anonymized)", "email": "anonymized-{id}@example.invalid"}, p.Table("customers").AnonymizeWith); diff != "" {
		t.Errorf("customers.anonymize_with (-want +got):\n%s", diff)
	}
	if got := p.Table("invoices").AfterRetention; got != Keep {
		t.Errorf("invoices.after_retention = %v, want the default keep", got)
	}
	if p.Audit == nil || p.Audit.Table != "tombstone_audit" || p.Audit.RequireActor {
		t.Errorf("audit = %+v", p.Audit)
	}
	if r := p.Role("manager"); r == nil || !r.SeeDeleted || !r.Restore || r.Erase || r.Purge {
		t.Errorf("manager = %+v", r)
	}
	if r := p.Role("agent"); r == nil || r.SeeDeleted {
		t.Errorf("agent = %+v", r)
	}
	type subjectRow struct {
		Kind, Table string
		Columns     []string
	}
	var subjects []subjectRow
	for _, s := range p.Subjects {
		for _, st := range s.Tables {
			subjects = append(subjects, subjectRow{s.Kind, st.Table.Name, st.Columns})
		}
	}
	wantSubjects := []subjectRow{
		{"customer", "customers", []string{"id"}},
		{"customer", "invoices", []string{"customer_id"}},
		{"customer", "support_tickets", []string{"customer_id"}},
	}
	if diff := cmp.Diff(wantSubjects, subjects); diff != "" {
		t.Errorf("subjects (-want +got):\n%s", diff)
	}
	type copyRow struct {
		Name, KeptFor string
		Tables        []string
	}
	var copies []copyRow
	for _, c := range p.Copies {
		r := copyRow{Name: c.Name, KeptFor: c.KeptFor.String()}
		for _, t := range c.Tables {
			r.Tables = append(r.Tables, t.Name)
		}
		copies = append(copies, r)
	}
	wantCopies := []copyRow{
		{"nightly_backups", "35d", []string{"customers", "invoices", "support_tickets", "leads"}},
		{"warehouse", "1y", []string{"customers", "invoices"}},
	}
	if diff := cmp.Diff(wantCopies, copies); diff != "" {
		t.Errorf("copies (-want +got):\n%s", diff)
	}
	var owners, erase []string
	for _, tb := range p.Tables {
		owners = append(owners, tb.Owner)
		erase = append(erase, tb.Erase.String())
	}
	if diff := cmp.Diff([]string{"customer-care", "finance", "customer-care", "marketing"}, owners); diff != "" {
		t.Errorf("owners (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"anonymize", "anonymize", "purge", "anonymize"}, erase); diff != "" {
		t.Errorf("erase (-want +got):\n%s", diff)
	}
}

func markerName(m Marker) string {
	if m == 0 {
		return ""
	}
	return m.String()
}

type parseErrorCase struct {
	name string
	yaml string
	want []string
}

// parseErrorCases are bad policies and every problem each must get;
// TestSchemaBadPolicies checks the JSON Schema against them too.
func parseErrorCases() []parseErrorCase {
	return []parseErrorCase{
		{"empty file", "", []string{"p.yaml:1:1: the file is empty; a policy needs at least version and tables"}},
		{"only a comment", "# nothing\n", []string{"p.yaml:1:1: the file is empty; a policy needs at least version and tables"}},
		{"not yaml", "version: 1\ntables: [\n", []string{"p.yaml:2:1: not valid YAML: did not find expected node content"}},
		{"not a mapping", "- a\n- b\n", []string{"p.yaml:1:1: expected a mapping of keys, found a list"}},
		{"unknown top key", "version: 1\ntabels: {}\n", []string{
			"p.yaml:1:1: tables: missing; a policy names at least one table",
			"p.yaml:2:1: tabels: unknown key; expected version, mode, dialect, audit, roles, tables, subjects, copies or lint",
		}},
		{"bad version", "version: 2\ntables:\n  t: {delete: hard}\n", []string{`p.yaml:1:10: version: unsupported version "2"; expected 1`}},
		{"bad duration", "version: 1\ntables:\n  t:\n    delete: soft\n    column: deleted_at\n    restore_window: 30 days\n", []string{
			`p.yaml:6:21: tables.t.restore_window: bad duration "30 days"; expected a whole number with h, d, w or y, like 12h, 14d, 2w or 7y`,
		}},
		{"zero duration", "version: 1\ntables:\n  t:\n    delete: retain\n    retention: 0y\n", []string{
			`p.yaml:5:16: tables.t.retention: duration "0y" is zero; remove the key instead`,
		}},
		{"after_window without restore_window", "version: 1\ntables:\n  t:\n    delete: soft\n    column: deleted_at\n    after_window: purge\n", []string{
			"p.yaml:6:5: tables.t.after_window: needs restore_window: say when the window ends, e.g. `restore_window: 30d`",
		}},
		{"retain without retention", "version: 1\ntables:\n  invoices:\n    delete: retain\n", []string{
			"p.yaml:3:3: tables.invoices.retention: missing; a retain table needs its retention period, e.g. `retention: 7y`",
		}},
		{"soft without column", "version: 1\ntables:\n  customers:\n    delete: soft\n", []string{
			"p.yaml:3:3: tables.customers.column: missing; a soft table needs its tombstone column, e.g. `column: deleted_at`",
		}},
		{"personal on hard", "version: 1\ntables:\n  leads:\n    delete: hard\n    personal: [email]\n", []string{
			"p.yaml:5:5: tables.leads.personal: not for hard tables: their rows are deleted, personal data and all",
		}},
		{"unknown marker", "version: 1\ntables:\n  t:\n    delete: soft\n    column: deleted\n    marker: boolean\n", []string{
			`p.yaml:6:13: tables.t.marker: unknown marker "boolean"; expected timestamp, flag or unix`,
		}},
		{"duplicate table", "version: 1\ntables:\n  t: {delete: hard}\n  t: {delete: hard}\n", []string{
			"p.yaml:4:3: tables.t: duplicate key (first on line 3)",
		}},
		{"same table two spellings", "version: 1\ntables:\n  customers: {delete: hard}\n  public.Customers: {delete: hard}\n", []string{
			"p.yaml:4:3: tables.public.Customers: names the same table as customers (line 3); a reference to Customers would match both",
		}},
		{"unknown role permission", "version: 1\nroles:\n  manager: {see_deleted: true, undelete: true}\ntables:\n  t: {delete: hard}\n", []string{
			"p.yaml:3:32: roles.manager.undelete: unknown permission; expected see_deleted, restore, erase, purge or change_schema",
		}},
		{"role permission not a bool", "version: 1\nroles:\n  manager: {restore: yes please}\ntables:\n  t: {delete: hard}\n", []string{
			`p.yaml:3:22: roles.manager.restore: expected true or false, found "yes please"`,
		}},
		{"unknown rule", "version: 1\ntables:\n  t: {delete: archive}\n", []string{
			`p.yaml:3:15: tables.t.delete: unknown rule "archive"; expected soft, hard or retain`,
		}},
		{"missing delete", "version: 1\ntables:\n  t: {column: deleted_at}\n", []string{
			"p.yaml:3:3: tables.t.delete: missing; say what DELETE means for this table: soft, hard or retain",
		}},
		{"column on retain", "version: 1\ntables:\n  t: {delete: retain, retention: 7y, column: deleted_at}\n", []string{
			"p.yaml:3:38: tables.t.column: only for soft tables; this table is retain",
		}},
		{"anonymize without personal", "version: 1\ntables:\n  t: {delete: soft, column: d, restore_window: 1d, after_window: anonymize}\n", []string{
			"p.yaml:3:52: tables.t.after_window: anonymize needs the personal columns to clear: add `personal: [...]`",
		}},
		{"personal is a key column", "version: 1\ntables:\n  t: {delete: soft, column: d, personal: [id, name]}\n", []string{
			"p.yaml:3:32: tables.t.personal: column id is part of the key; anonymizing it would lose the row's identity",
		}},
		{"unknown table key", "version: 1\ntables:\n  t:\n    delete: hard\n    expires: 90d\n", []string{
			"p.yaml:5:5: tables.t.expires: unknown key; expected delete, column, marker, key, restore_window, after_window, personal, anonymize_with, unique, retention, after_retention, expire_after, age_column, cascade, owner or erase",
		}},
		{"after_retention on a soft table", "version: 1\ntables:\n  t: {delete: soft, column: d, after_retention: purge}\n", []string{
			"p.yaml:3:32: tables.t.after_retention: only for retain tables; this table is soft",
		}},
		{"unknown after_retention", "version: 1\ntables:\n  t: {delete: retain, retention: 7y, after_retention: archive}\n", []string{
			`p.yaml:3:55: tables.t.after_retention: unknown action "archive"; expected purge, anonymize or keep`,
		}},
		{"after_retention anonymize without personal", "version: 1\ntables:\n  t: {delete: retain, retention: 7y, after_retention: anonymize}\n", []string{
			"p.yaml:3:38: tables.t.after_retention: anonymize needs the personal columns to clear: add `personal: [...]`",
		}},
		{"anonymize_with a column not personal", "version: 1\ntables:\n  t: {delete: soft, column: d, personal: [name], anonymize_with: {email: x}}\n", []string{
			"p.yaml:3:50: tables.t.anonymize_with: column email is not in personal; anonymize_with gives values for personal columns only",
		}},
		{"anonymize_with names a column that is not a key", "version: 1\ntables:\n  t: {delete: soft, column: d, personal: [email], anonymize_with: {email: 'x-{name}'}}\n", []string{
			"p.yaml:3:51: tables.t.anonymize_with: {name} in the value of email is not a key column; only key columns (id) can be named in braces",
		}},
		{"anonymize_with a list", "version: 1\ntables:\n  t: {delete: soft, column: d, personal: [email], anonymize_with: {email: [a]}}\n", []string{
			"p.yaml:3:75: tables.t.anonymize_with.email: expected a value to write (a string or number), found a list; leave the column out to write NULL",
		}},
		{"bad table name", "version: 1\ntables:\n  a.b.c: {delete: hard}\n", []string{
			`p.yaml:3:3: tables.a.b.c: "a.b.c" is not a table name; expected name or schema.name`,
		}},
		{"audit without table", "version: 1\naudit:\n  require_actor: true\ntables:\n  t: {delete: hard}\n", []string{
			"p.yaml:3:3: audit.table: missing; name the audit table, e.g. `table: tombstone_audit`",
		}},
		{"anchor", "version: 1\nbase: &b {delete: hard}\ntables:\n  t: *b\n", []string{
			"p.yaml:2:1: base: unknown key; expected version, mode, dialect, audit, roles, tables, subjects, copies or lint",
			"p.yaml:4:6: tables.t: anchors and aliases are not supported; write the value out",
		}},
		{"every problem at once", "version: 1\ntables:\n  a: {delete: soft}\n  b: {delete: retain}\n  c: {delete: hard, personal: [x]}\n", []string{
			"p.yaml:3:3: tables.a.column: missing; a soft table needs its tombstone column, e.g. `column: deleted_at`",
			"p.yaml:4:3: tables.b.retention: missing; a retain table needs its retention period, e.g. `retention: 7y`",
			"p.yaml:5:21: tables.c.personal: not for hard tables: their rows are deleted, personal data and all",
		}},
		{"two documents", "version: 1\n---\nversion: 1\n", []string{"p.yaml:3:1: the file holds 2 YAML documents; a policy is exactly one"}},
		{"unique on a hard table", "version: 1\ntables:\n  t: {delete: hard, unique: [email]}\n", []string{
			"p.yaml:3:21: tables.t.unique: only for soft tables: other tables' unique keys need no change; this table is hard",
		}},
		{"bad unique", "version: 1\ntables:\n  t: {delete: soft, column: d, unique: email}\n", []string{
			`p.yaml:3:40: tables.t.unique: expected a list of unique keys like [email, [tenant_id, slug]], found "email"`,
		}},
		{"bad mode", "version: 1\nmode: loud\ntables:\n  t: {delete: hard}\n", []string{`p.yaml:2:7: mode: unknown mode "loud"; expected enforce or shadow`}},
		{"window on a flag marker", "version: 1\ntables:\n  orders:\n    delete: soft\n    column: is_deleted\n    marker: flag\n    restore_window: 30d\n    after_window: purge\n", []string{
			"p.yaml:7:5: tables.orders.restore_window: a flag marker records no deletion time, so a window cannot be measured; use `marker: timestamp` (or unix) with a column that holds the deletion time, or remove restore_window",
			"p.yaml:8:5: tables.orders.after_window: a flag marker records no deletion time, so a window cannot be measured; use `marker: timestamp` (or unix) with a column that holds the deletion time, or remove after_window",
		}},
		{"cascade to an unknown table", cascadePolicy("tickets: customer_id"), []string{
			"p.yaml:9:7: tables.customers.cascade.tickets: tickets is not a table of the policy; a cascade's child must be a governed soft table",
		}},
		{"cascade to a hard table", cascadePolicy("leads: customer_id"), []string{
			"p.yaml:9:7: tables.customers.cascade.leads: leads is a hard table; a cascade tombstones its children, so the child must be soft",
		}},
		{"cascade to itself", cascadePolicy("customers: referrer_id"), []string{
			"p.yaml:9:7: tables.customers.cascade.customers: a table cannot cascade to itself",
		}},
		{"cascade without columns", cascadePolicy("support_tickets: "), []string{
			"p.yaml:9:23: tables.customers.cascade.support_tickets: expected a name, found nothing",
		}},
		{"cascade with too many columns", cascadePolicy("support_tickets: [tenant_id, customer_id]"), []string{
			"p.yaml:9:24: tables.customers.cascade.support_tickets: names 2 column(s), and customers's key has 1 (id); give one referencing column of support_tickets per key column, in the key's order",
		}},
		{"cascade on the tombstone column", cascadePolicy("support_tickets: deleted_at"), []string{
			"p.yaml:9:24: tables.customers.cascade.support_tickets: column deleted_at of support_tickets is a tombstone column; name the columns that reference customers",
		}},
		{"cascade without audit", strings.Replace(cascadePolicy("support_tickets: customer_id"), "audit: {table: tombstone_audit}\n", "", 1), []string{
			"p.yaml:7:5: tables.customers.cascade: needs the audit trail: the triggers that carry a cascade out are installed with it; add `audit: {table: tombstone_audit}`",
		}},
		{"cascade on a hard table", "version: 1\naudit: {table: a}\ntables:\n  leads: {delete: hard, cascade: {t: x}}\n  t: {delete: soft, column: d}\n", []string{
			"p.yaml:4:25: tables.leads.cascade: only for soft tables: deleting a row of another table tombstones nothing; this table is hard",
		}},
		{"cascade cycle", "version: 1\naudit: {table: a}\ntables:\n  a1: {delete: soft, column: d, cascade: {a2: a1_id}}\n  a2: {delete: soft, column: d, cascade: {a1: a2_id}}\n", []string{
			"p.yaml:4:3: tables.a1.cascade: cascades form a cycle (a1 → a2 → a1); a row would tombstone itself; remove one of them",
		}},
		{"subject on an ungoverned table", subjectPolicy + "subjects:\n  customer:\n    customers: id\n    orders: customer_id\n", []string{
			"p.yaml:9:5: subjects.customer.orders: orders is not a table of the policy; the rows an erasure reaches must be in governed tables: add it under tables with its rule, or fix the name",
		}},
		{"subject kind not a name", subjectPolicy + "subjects:\n  \"the customer\": {customers: id}\n", []string{
			`p.yaml:7:3: subjects.the customer: "the customer" is not a subject kind; use a plain name of letters, digits, _ and - starting with a letter, like customer (it is typed as --subject customer=42)`,
		}},
		{"subject without tables", subjectPolicy + "subjects:\n  customer: {}\n", []string{
			"p.yaml:7:3: subjects.customer: empty; name the tables holding this person's rows with the column that locates them, e.g. `customer: {customers: id}`",
		}},
		{"subject on the tombstone column", subjectPolicy + "subjects:\n  customer: {customers: deleted_at}\n", []string{
			"p.yaml:7:25: subjects.customer.customers: column deleted_at is customers's tombstone column; name the column that holds the person's id, e.g. customer_id",
		}},
		{"subject soft table without personal", subjectPolicy + "subjects:\n  customer: {customers: id, tickets: customer_id}\n", []string{
			"p.yaml:7:29: subjects.customer.tickets: tickets is a soft table with no personal columns, so erasing could only tombstone its rows, keeping the person's data; list its personal columns (`personal: [...]`) or add `erase: purge` to tickets (line 5)",
		}},
		{"subject on a personal column", subjectPolicy + "subjects:\n  customer: {customers: name}\n", []string{
			"p.yaml:7:25: subjects.customer.customers: column name is a personal column of customers: the erasure would anonymize it and then no longer find the row to tombstone, and the subject id, which the receipt and the erasure log keep, would be personal data; name the column that holds the person's id, e.g. id or customer_id",
		}},
		{"subject column not a name", subjectPolicy + "subjects:\n  customer: {customers: [id, id]}\n", []string{
			"p.yaml:7:30: subjects.customer.customers: column id is listed twice",
		}},
		{"erase on a retain table", "version: 1\ntables:\n  invoices: {delete: retain, retention: 7y, personal: [billing_name], erase: purge}\n", []string{
			"p.yaml:3:71: tables.invoices.erase: only for soft tables: an erasure keeps retain rows and deletes hard ones; this table is retain",
		}},
		{"unknown erase", "version: 1\ntables:\n  t: {delete: soft, column: d, personal: [n], erase: delete}\n", []string{
			`p.yaml:3:54: tables.t.erase: unknown erasure "delete"; expected anonymize (personal columns replaced, the row a tombstone that cannot be restored) or purge (the rows deleted for good)`,
		}},
		{"copy without kept_for", subjectPolicy + "copies:\n  warehouse: {tables: [customers]}\n", []string{
			"p.yaml:7:3: copies.warehouse.kept_for: missing; say how long warehouse keeps what it receives, e.g. `kept_for: 35d`",
		}},
		{"copy of an ungoverned table", subjectPolicy + "copies:\n  warehouse: {tables: [customers, orders], kept_for: 1y}\n", []string{
			"p.yaml:7:35: copies.warehouse.tables: orders is not a table of the policy; list governed tables (add it under tables, or fix the name)",
		}},
		{"copy unknown key", subjectPolicy + "copies:\n  warehouse: {tables: [customers], kept_for: 1y, keep: 1y}\n", []string{
			"p.yaml:7:50: copies.warehouse.keep: unknown key; expected tables, kept_for or note",
		}},
		{"owner not text", "version: 1\ntables:\n  t: {delete: hard, owner: [a, b]}\n", []string{
			`p.yaml:3:28: tables.t.owner: expected a name, found a list`,
		}},
	}
}

// subjectPolicy is the start of the subject and copy cases: two soft
// tables, one with personal columns.
const subjectPolicy = "version: 1\ntables:\n  customers: {delete: soft, column: deleted_at, personal: [name]}\n  invoices: {delete: retain, retention: 7y, personal: [billing_name]}\n  tickets: {delete: soft, column: deleted_at}\n"

// TestParseErrors checks that each bad policy gets every expected problem,
// each with file:line:column and key.
func TestParseErrors(t *testing.T) {
	for _, tt := range parseErrorCases() {
		t.Run(tt.name, func(t *testing.T) {
			p, err := Parse("p.yaml", []byte(tt.yaml))
			if p != nil {
				t.Fatalf("Parse returned a policy with error %v", err)
			}
			var list ErrorList
			if !errors.As(err, &list) {
				t.Fatalf("error %v is not an ErrorList", err)
			}
			var got []string
			for _, e := range list {
				got = append(got, e.Error())
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("errors (-want +got):\n%s", diff)
			}
			var one *Error
			if !errors.As(err, &one) || one.File != "p.yaml" || one.Line < 1 {
				t.Errorf("errors.As(*Error) = %+v", one)
			}
		})
	}
}

func TestLookup(t *testing.T) {
	p, err := Parse("p.yaml", []byte("version: 1\ntables:\n  customers: {delete: soft, column: deleted_at}\n  sales.orders: {delete: hard}\n  crm.orders: {delete: retain, retention: 1y}\n"))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		schema, rel string
		want        string // table name, "" for ungoverned, "ambiguous"
	}{
		{"", "customers", "customers"},
		{"", "CUSTOMERS", "customers"},
		{"public", "Customers", "customers"},
		{"anything", "customers", "customers"},
		{"", "customer", ""},
		{"sales", "orders", "sales.orders"},
		{"SALES", "ORDERS", "sales.orders"},
		{"crm", "orders", "crm.orders"},
		{"other", "orders", ""},
		{"", "orders", "ambiguous"},
	}
	for _, tt := range tests {
		got, err := p.Lookup(tt.schema, tt.rel)
		name := ""
		if got != nil {
			name = got.Name
		}
		var amb *AmbiguousError
		if errors.As(err, &amb) {
			name = "ambiguous"
		} else if err != nil {
			t.Fatal(err)
		}
		if name != tt.want {
			t.Errorf("Lookup(%q, %q) = %q, want %q", tt.schema, tt.rel, name, tt.want)
		}
	}
}

func TestMayMention(t *testing.T) {
	p, err := Load("../examples/store/tombstone.yaml")
	if err != nil {
		t.Fatal(err)
	}
	for sql, want := range map[string]bool{
		"SELECT 1":                                   false,
		"SELECT * FROM orders WHERE id = $1":         false,
		"select * from CUSTOMERS":                    true,
		`SELECT * FROM "Support_Tickets"`:            true,
		"DELETE FROM leads":                          true,
		"SELECT * FROM invoice_lines":                false,
		"SELECT * FROM x -- mentions invoices":       true,
		"SELECT * FROM `customers`":                  true,
		"":                                           false,
		"SELECT 'customer' || 's' FROM dual":         false,
		"UPDATE sales.customers SET x = 1 WHERE y=2": true,
	} {
		if got := p.MayMention(sql); got != want {
			t.Errorf("MayMention(%q) = %v, want %v", sql, got, want)
		}
	}
}

func FuzzParse(f *testing.F) {
	good, err := os.ReadFile("../examples/store/tombstone.yaml")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(good)
	for _, s := range []string{"", "version: 1\n", "version: 1\ntables:\n  t: {delete: soft, column: d}\n", "a: &x [*x]", "{", "tables: {t: {delete: retain, retention: 99999999999y}}"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := Parse("f.yaml", data)
		if (p == nil) == (err == nil) {
			t.Fatalf("Parse returned policy %v and error %v", p, err)
		}
		if err != nil {
			for _, line := range strings.Split(err.Error(), "\n") {
				if !strings.HasPrefix(line, "f.yaml:") {
					t.Fatalf("error line %q does not start with the file name", line)
				}
			}
			return
		}
		var b strings.Builder
		if err := p.Explain(&b, "text"); err != nil {
			t.Fatal(err)
		}
	})
}

// TestSentenceTimedRules checks that each timed rule names who carries it
// out, and that a rule with nothing timed names no one.
func TestSentenceTimedRules(t *testing.T) {
	p, err := Parse("p.yaml", []byte(`version: 1
tables:
  a: {delete: retain, retention: 7y, after_retention: purge}
  b: {delete: retain, retention: 7y, after_retention: anonymize, personal: [name]}
  c: {delete: retain, retention: 7y}
  d: {delete: soft, column: deleted_at, restore_window: 7d}
`))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, tb := range p.Tables {
		got = append(got, fmt.Sprintf("%v %s", tb.Timed(), tb.Sentence()))
	}
	want := []string{
		"true a: kept for 7 years (counted from created_at) and deleting is refused; after that, deleted for good by the expire job (tombstone expire).",
		"true b: kept for 7 years (counted from created_at) and deleting is refused; after that, personal data (name) is anonymized by the expire job (tombstone expire) and the record kept; a privacy erasure anonymizes personal data (name) and keeps the record.",
		"false c: kept for 7 years (counted from created_at) and deleting is refused; after that, kept, as after_retention is keep.",
		"false d: soft delete; restorable for 7 days, then kept as a tombstone.",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("sentences (-want +got):\n%s", diff)
	}
	if p.JobSentence() == "" {
		t.Error("JobSentence is empty for a policy with timed rules")
	}
	p2, _ := Parse("p.yaml", []byte("version: 1\ntables:\n  c: {delete: retain, retention: 7y}\n"))
	if s := p2.JobSentence(); s != "" {
		t.Errorf("JobSentence = %q for a policy without timed rules", s)
	}
}

// cascadePolicy is a policy whose customers cascade to entry.
func cascadePolicy(entry string) string {
	return "version: 1\naudit: {table: tombstone_audit}\ntables:\n  customers:\n    delete: soft\n    column: deleted_at\n    restore_window: 30d\n    cascade:\n      " + entry + "\n" +
		"  support_tickets: {delete: soft, column: deleted_at}\n  leads: {delete: hard}\n"
}

func TestParseCascade(t *testing.T) {
	p, err := Parse("p.yaml", []byte("version: 1\naudit: {table: a}\ntables:\n"+
		"  orders: {delete: soft, column: d, key: [tenant_id, id], cascade: {order_lines: [tenant_id, order_id], notes: [t, o]}}\n"+
		"  order_lines: {delete: soft, column: d, cascade: {notes: line_id}}\n"+
		"  notes: {delete: soft, column: d, marker: unix}\n"))
	if err != nil {
		t.Fatal(err)
	}
	type row struct {
		Child   string
		Columns []string
		Line    int
	}
	var got []row
	for _, c := range p.Table("orders").Cascades {
		got = append(got, row{c.Child.Name, c.Columns, c.Line})
	}
	want := []row{{"order_lines", []string{"tenant_id", "order_id"}, 4}, {"notes", []string{"t", "o"}, 4}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("cascades (-want +got):\n%s", diff)
	}
	var names []string
	for _, tb := range Cascaded([]*Table{p.Table("orders")}) {
		names = append(names, tb.Name)
	}
	if diff := cmp.Diff([]string{"orders", "order_lines", "notes"}, names); diff != "" {
		t.Errorf("Cascaded (-want +got):\n%s", diff)
	}
}

// TestParseLimits checks that input past each limit gets one clear error
// naming the limit, and that nothing from the file is echoed whole.
func TestParseLimits(t *testing.T) {
	long := strings.Repeat("a", 2000)
	tests := []struct {
		name string
		yaml string
		want []string
	}{
		{"larger than 1 MiB", "version: 1\ntables:\n  t: {delete: hard}\n" + strings.Repeat("# padding\n", MaxFileSize/10), []string{
			"p.yaml:1:1: the file is larger than 1048576 bytes (1 MiB), the most a policy file may be; a policy names tables and their rules, so check that this is the policy file",
		}},
		{"17 levels", "version: 1\ntables: " + strings.Repeat("[", 17) + strings.Repeat("]", 17) + "\n", []string{
			"p.yaml:2:24: mappings and lists nest more than 16 levels deep here; a policy needs at most five (tables, a table, unique, a composite key)",
		}},
		{"100,000 open brackets", "version: 1\ntables: " + strings.Repeat("[", 100000) + "\n", []string{
			"p.yaml:2:1: mappings and lists nest more than 16 levels deep; a policy needs at most five (tables, a table, unique, a composite key)",
		}},
		{"16 levels is fine", "version: 1\ntables: {t: {delete: hard, key: " + strings.Repeat("[", 13) + "id" + strings.Repeat("]", 13) + "}}\n", []string{
			"p.yaml:2:34: tables.t.key: expected a name, found a list",
		}},
		{"long plain key", "version: 1\ntables:\n  " + long + ": {delete: hard}\n", []string{
			"p.yaml:3:1: not valid YAML: mapping values are not allowed in this context (the line is 2018 bytes long; YAML allows keys of at most 1024 characters, and a name is at most 128 bytes)",
		}},
		{"long explicit key", "version: 1\ntables:\n  ? " + long + "\n  : {delete: hard}\n", []string{
			"p.yaml:3:5: tables." + strings.Repeat("a", 121) + "… (2007 bytes): \"" + strings.Repeat("a", 64) + "… (2000 bytes)\" is not a table name; expected name or schema.name: a name is at most 128 bytes, and this one has 2000",
		}},
		{"long column", "version: 1\ntables:\n  t: {delete: soft, column: " + long + "}\n", []string{
			"p.yaml:3:29: tables.t.column: \"" + strings.Repeat("a", 64) + "… (2000 bytes)\" is not a column name: a name is at most 128 bytes, and this one has 2000",
		}},
		{"long value", "version: 1\nmode: " + long + "\ntables:\n  t: {delete: hard}\n", []string{
			"p.yaml:2:7: mode: unknown mode \"" + strings.Repeat("a", 64) + "… (2000 bytes)\"; expected enforce or shadow",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("p.yaml", []byte(tt.yaml))
			var list ErrorList
			if !errors.As(err, &list) {
				t.Fatalf("error %.300v is not an ErrorList", err)
			}
			var got []string
			for _, e := range list {
				got = append(got, e.Error())
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("errors (-want +got):\n%s", diff)
			}
		})
	}
}

// TestParseManyErrors checks that a file with thousands of problems
// reports the first MaxErrors and counts the rest.
func TestParseManyErrors(t *testing.T) {
	var b strings.Builder
	b.WriteString("version: 1\ntables:\n")
	for i := 0; i < 250; i++ {
		fmt.Fprintf(&b, "  t%d: {delete: never}\n", i)
	}
	_, err := Parse("p.yaml", []byte(b.String()))
	var list ErrorList
	if !errors.As(err, &list) {
		t.Fatalf("error %v is not an ErrorList", err)
	}
	if len(list) != MaxErrors+1 {
		t.Fatalf("%d errors, want %d", len(list), MaxErrors+1)
	}
	if got, want := list[MaxErrors].Error(), "p.yaml:103:18: and 150 more problems; fix these first"; got != want {
		t.Errorf("last error = %q, want %q", got, want)
	}
}

// TestLoadReadsAtMostTheLimit checks that Load refuses a large file
// without reading it whole.
func TestLoadReadsAtMostTheLimit(t *testing.T) {
	path := filepath.Join(t.TempDir(), "tombstone.yaml")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(200 << 20); err != nil { // sparse: 200 MiB of NULs
		t.Fatal(err)
	}
	f.Close()
	allocated := allocatedBy(func() {
		if _, err := Load(path); err == nil || !strings.Contains(err.Error(), "the file is larger than 1048576 bytes") {
			t.Errorf("Load = %v, want the size limit", err)
		}
	})
	if allocated > 8<<20 {
		t.Errorf("Load allocated %d bytes for a file past the limit, want at most 8 MiB", allocated)
	}
}

// TestParseLinear checks that the bytes Parse allocates grow in proportion
// to the file: many tables, deep nesting and long names cost at most a
// fixed number of bytes per input byte, and four times the input costs at
// most about four times as much.
func TestParseLinear(t *testing.T) {
	inputs := map[string]func(n int) string{
		"tables": func(n int) string {
			var b strings.Builder
			b.WriteString("version: 1\ntables:\n")
			for i := 0; i < n; i++ {
				fmt.Fprintf(&b, "  t%d: {delete: soft, column: deleted_at, personal: [name, email]}\n", i)
			}
			return b.String()
		},
		"nesting": func(n int) string {
			return "version: 1\ntables: " + strings.Repeat("{a: ", n) + "1" + strings.Repeat("}", n) + "\n"
		},
		"long name": func(n int) string {
			return "version: 1\ntables:\n  ? " + strings.Repeat("a", 100*n) + "\n  : {delete: hard}\n"
		},
	}
	for name, gen := range inputs {
		t.Run(name, func(t *testing.T) {
			small, large := gen(2000), gen(8000)
			a := allocatedBy(func() { Parse("p.yaml", []byte(small)) })
			b := allocatedBy(func() { Parse("p.yaml", []byte(large)) })
			if perByte := b / uint64(len(large)); perByte > 200 {
				t.Errorf("%d bytes allocated for %d bytes of input (%d per byte), want at most 200 per byte", b, len(large), perByte)
			}
			if b > 6*a {
				t.Errorf("4x the input allocated %.1fx the bytes (%d, then %d), want at most 6x", float64(b)/float64(a), a, b)
			}
		})
	}
}

func allocatedBy(f func()) uint64 {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}
