package sqlite

import (
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// testSchema is the schema the tokenizer and corpus tests prepare against.
var testSchema = []string{
	`CREATE TABLE t (a, b, c, "select", [x y], deleted_at);`,
	`CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT, email TEXT, phone TEXT, region TEXT, created_at TEXT, deleted_at TEXT);`,
	`CREATE UNIQUE INDEX customers_email_live ON customers (email) WHERE deleted_at IS NULL;`,
	`CREATE TABLE orders (id INTEGER PRIMARY KEY, customer_id INTEGER, total INTEGER, status TEXT, is_deleted INTEGER NOT NULL DEFAULT 0) WITHOUT ROWID;`,
	`CREATE TABLE order_items (id INTEGER PRIMARY KEY, order_id INTEGER, product_id INTEGER, qty INTEGER, price INTEGER, deleted_unix INTEGER NOT NULL DEFAULT 0);`,
	`CREATE TABLE notes (id INTEGER PRIMARY KEY, customer_id INTEGER, body TEXT, RemovedAt TEXT);`,
	`CREATE TABLE support_tickets (id INTEGER PRIMARY KEY, customer_id INTEGER, subject TEXT, status TEXT, priority INTEGER, deleted_at TEXT);`,
	`CREATE TABLE invoices (id INTEGER PRIMARY KEY, customer_id INTEGER, order_id INTEGER, amount INTEGER, billing_name TEXT, created_at TEXT);`,
	`CREATE TABLE leads (id INTEGER PRIMARY KEY, email TEXT, source TEXT, created_at TEXT);`,
	`CREATE TABLE products (id INTEGER PRIMARY KEY, name TEXT, price INTEGER, category TEXT);`,
	`CREATE INDEX orders_customer ON orders (customer_id);`,
	`CREATE INDEX customers_region ON customers (region);`,
	`CREATE VIRTUAL TABLE docs USING fts5(body);`,
	`ATTACH DATABASE ':memory:' AS sales;`,
	`CREATE TABLE sales.accounts (id INTEGER PRIMARY KEY, customer_id INTEGER, plan TEXT, deleted_at TEXT);`,
}

func TestKeywordsMatchSQLite(t *testing.T) {
	c := openCAPI(t)
	var want []string
	for _, k := range c.keywords() {
		want = append(want, upper(k))
	}
	var got []string
	for k := range keywords {
		got = append(got, k)
	}
	sort.Strings(want)
	sort.Strings(got)
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("keywords (-sqlite +ours):\n%s", diff)
	}
}

func TestScan(t *testing.T) {
	// Each want lists the tokens as kind:text, "|"-separated.
	tests := []struct{ in, want string }{
		{"SELECT 'it''s'", "word:SELECT|space: |string:'it''s'"},
		{`"a""b" [x y] ` + "`c``d`", `quoted:"a""b"|space: |quoted:[x y]|space: |quoted:` + "`c``d`"},
		{"a--x;y\nb", "word:a|comment:--x;y|space:\n|word:b"},
		{"a/*x*/b/**/c", "word:a|comment:/*x*/|word:b|comment:/**/|word:c"},
		{"a /* open", "word:a|space: |comment:/* open"},
		{"a /*", "word:a|space: |op:/|op:*"},
		{"x'0aF1' X'' x'abc' xy", "blob:x'0aF1'|space: |blob:X''|space: |illegal:x'abc'|space: |word:xy"},
		{"0x1F 1e5 .5 5. 1.5e-3 1_000 0x1_f 1e 1abc", "int:0x1F|space: |float:1e5|space: |float:.5|space: |float:5.|space: |float:1.5e-3|space: |qnum:1_000|space: |qnum:0x1_f|space: |illegal:1e|space: |illegal:1abc"},
		{"? ?12 :a @b $c $d::e::f(g h) #i : $", "var:?|space: |var:?12|space: |var::a|space: |var:@b|space: |var:$c|space: |illegal:$d::e::f(g|space: |word:h|rp:)|space: |var:#i|space: |illegal::|space: |illegal:$"},
		{"$a(b) $::c", "var:$a(b)|space: |var:$::c"},
		{"== = <> != <= >= << >> || -> ->> ! ~", "op:==|space: |op:=|space: |op:<>|space: |op:!=|space: |op:<=|space: |op:>=|space: |op:<<|space: |op:>>|space: |op:|||space: |op:->|space: |op:->>|space: |illegal:!|space: |op:~"},
		{"'open \"x\" [y", "illegal:'open \"x\" [y"},
		{"[open 'x'", "illegal:[open 'x'"},
		{"\ufeffSELECT", "space:\ufeff|word:SELECT"},
		{"a \v b\vc", "word:a|space: \v |word:b|illegal:\v|word:c"},
		{"select1 _x $y ñame", "word:select1|space: |word:_x|space: |var:$y|space: |word:ñame"},
		{"a.b.*;", "word:a|dot:.|word:b|dot:.|op:*|semi:;"},
	}
	names := map[kind]string{tkSpace: "space", tkComment: "comment", tkWord: "word", tkQuotedID: "quoted", tkString: "string",
		tkBlob: "blob", tkInteger: "int", tkFloat: "float", tkQNumber: "qnum", tkVariable: "var", tkLP: "lp", tkRP: "rp",
		tkSemi: "semi", tkComma: "comma", tkDot: "dot", tkOp: "op", tkIllegal: "illegal"}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			var got []string
			for _, tk := range scan(tt.in) {
				got = append(got, names[tk.kind]+":"+tt.in[tk.start:tk.end])
			}
			if diff := cmp.Diff(tt.want, strings.Join(got, "|")); diff != "" {
				t.Errorf("tokens (-want +got):\n%s", diff)
			}
		})
	}
}
