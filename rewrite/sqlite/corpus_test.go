package sqlite

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tombstone-sql/tombstone/internal/rewritetest"
	"github.com/tombstone-sql/tombstone/rewrite"
)

// syntaxCorpus holds SQLite-only syntax beyond the golden cases.
var syntaxCorpus = []string{
	"SELECT * FROM customers WHERE name GLOB ?1 OR name GLOB ?1",
	"SELECT * FROM customers WHERE name LIKE :p ESCAPE '\\'",
	"SELECT * FROM docs WHERE docs MATCH 'x' AND body MATCH 'y'",
	"SELECT * FROM customers WHERE phone IS NOT NULL AND email IS NOT phone",
	"SELECT * FROM customers WHERE phone NOTNULL",
	"SELECT * FROM customers WHERE (phone ISNULL) = (email NOT NULL)",
	"SELECT * FROM customers WHERE phone IS DISTINCT FROM email",
	"SELECT * FROM customers WHERE phone IS NOT DISTINCT FROM email",
	"SELECT * FROM orders WHERE is_deleted IS FALSE",
	"SELECT * FROM orders WHERE NOT is_deleted",
	"SELECT * FROM orders WHERE is_deleted <> 1",
	"SELECT * FROM customers LIMIT ?2, ?1",
	"SELECT * FROM customers LIMIT (SELECT count(*) FROM orders), 2",
	"SELECT * FROM customers LIMIT 3 OFFSET 1",
	"SELECT * FROM customers LIMIT (SELECT count(*) FROM orders LIMIT 1, 1), 5",
	"SELECT rowid, _rowid_, oid FROM customers WHERE rowid > 2",
	"SELECT * FROM orders WHERE id = 1",
	"SELECT * FROM customers c WHERE c.created_at > CURRENT_TIMESTAMP",
	"SELECT datetime('now'), date('now', '-1 day'), time('now'), strftime('%s', 'now') FROM customers",
	"SELECT iif(region = 'eu', 1, 0), coalesce(phone, email), ifnull(phone, ''), nullif(region, 'eu') FROM customers",
	"SELECT substr(name, 1, 3), replace(name, 'c', 'k'), trim(name), char(65), printf('%d', id), format('%d', id) FROM customers",
	"SELECT json_object('id', id), json_array(id, name), json_extract(phone, '$.x') FROM customers",
	"SELECT group_concat(name, ',') FROM customers",
	"SELECT total(total), count(DISTINCT customer_id) FROM orders",
	"SELECT id FROM customers ORDER BY name COLLATE NOCASE DESC NULLS LAST",
	"SELECT id FROM customers WHERE name = 'x' COLLATE BINARY",
	"SELECT CAST(id AS TEXT), CAST(total AS REAL), CAST('1' AS NUMERIC) FROM orders",
	"SELECT * FROM customers WHERE id IN ()",
	"SELECT * FROM (SELECT * FROM customers) AS sub WHERE sub.id > 1",
	"SELECT * FROM customers AS c LEFT OUTER JOIN notes AS n ON n.customer_id = c.id AND n.body LIKE 'x%'",
	"SELECT * FROM customers CROSS JOIN orders",
	"SELECT * FROM json_each('[1,2]') AS j JOIN customers ON customers.id = j.value",
	"SELECT * FROM customers WHERE id = +1 AND id <> -1 AND ~id <> 0",
	"SELECT x'41' || name FROM customers",
	"SELECT 0x10 + 1_0 + 1.5e1 FROM customers",
	"SELECT name FROM customers WHERE name > ?3 AND name < ? AND name <> ?1",
	"SELECT :a, @a, $a, :a FROM customers",
	"SELECT $x::y(z) FROM customers",
	"SELECT count(*) FILTER (WHERE region = 'eu') FROM customers",
	"SELECT id, sum(total) OVER w FROM orders WINDOW w AS (PARTITION BY customer_id ORDER BY id ROWS BETWEEN 1 PRECEDING AND CURRENT ROW)",
	"WITH x AS MATERIALIZED (SELECT * FROM customers) SELECT * FROM x",
	"WITH x AS NOT MATERIALIZED (SELECT * FROM orders) SELECT count(*) FROM x",
	"VALUES (1), (2)",
	"SELECT * FROM customers WHERE EXISTS (SELECT 1 FROM sales.accounts a WHERE a.customer_id = customers.id)",
	"INSERT INTO customers DEFAULT VALUES",
	"INSERT INTO customers (id, name) VALUES (500, 'x') RETURNING *",
	"INSERT OR ABORT INTO customers (id) VALUES (501)",
	"INSERT OR FAIL INTO orders (id, customer_id) SELECT id + 100, customer_id FROM orders",
	"INSERT OR ROLLBACK INTO notes (id) VALUES (7)",
	"INSERT INTO orders (id, customer_id) VALUES (900, 1) ON CONFLICT (id) DO UPDATE SET total = excluded.total",
	"UPDATE OR FAIL orders SET total = 0 WHERE id = 1",
	"UPDATE OR ABORT customers AS c SET name = 'x' WHERE c.id = 1",
	"UPDATE customers SET (name, email) = ('a', 'b') WHERE id = 2",
	"UPDATE customers SET name = o.status FROM (SELECT * FROM orders) AS o WHERE o.customer_id = customers.id",
	"DELETE FROM customers WHERE id IN (SELECT customer_id FROM sales.accounts) RETURNING *",
	"DELETE FROM main.customers AS c NOT INDEXED WHERE c.id = ?",
	"WITH old AS (SELECT id FROM orders WHERE total < 10) DELETE FROM orders WHERE id IN (SELECT id FROM old)",
	"SELECT 1; SELECT * FROM customers; ; DELETE FROM orders;",
	"EXPLAIN QUERY PLAN SELECT * FROM customers c JOIN orders o ON o.customer_id = c.id",
	"SAVEPOINT a; RELEASE a",
	"CREATE TEMP VIEW v AS SELECT * FROM orders; DROP VIEW v",
	"CREATE TABLE tmp1 AS SELECT * FROM customers WHERE region = 'eu'",
	"ANALYZE customers",
	"REINDEX customers",
	"VACUUM",
	"PRAGMA foreign_keys = ON",
	"SELECT 'a' -- trailing comment",
	"SELECT * FROM customers -- trailing comment",
	"SELECT * FROM customers /* trailing block",
	"select * from CUSTOMERS where REGION = 'eu'",
	"SELECT * FROM \"customers\" WHERE \"deleted_at\" IS NULL",
	"SELECT * FROM [customers] WHERE [customers].[deleted_at] IS NULL",
}

// TestSQLiteOnlySyntax rewrites every golden input and the corpus above
// and checks with SQLite itself that the rewritten text prepares whenever
// the input does, with the same parameters in the same order.
func TestSQLiteOnlySyntax(t *testing.T) {
	c := openCAPI(t, testSchema...)
	rw := rewrite.New(rewritetest.Policy(t), Dialect{})
	inputs := append([]string(nil), syntaxCorpus...)
	dirs, _ := filepath.Glob(filepath.Join(rewritetest.Root(t), "testdata", "rewrite", "sqlite", "*"))
	for _, d := range dirs {
		if _, err := os.Stat(filepath.Join(d, "scope")); err == nil {
			continue
		}
		b, err := os.ReadFile(filepath.Join(d, "input.sql"))
		if err != nil {
			t.Fatal(err)
		}
		inputs = append(inputs, string(b))
	}
	prepared := 0
	for _, in := range inputs {
		out, err := rw.Rewrite(in, rewrite.Scope{})
		if err != nil {
			continue
		}
		name := in
		if len(name) > 60 {
			name = name[:60]
		}
		t.Run(name, func(t *testing.T) {
			if paramTexts(out) != paramTexts(in) {
				t.Errorf("placeholders changed:\n in: %v\nout: %v", paramTexts(in), paramTexts(out))
			}
			inErr, _ := c.prepareAll(in)
			outErr, pos := c.prepareAll(out)
			if inErr == "" && outErr != "" {
				t.Errorf("rewritten text does not prepare: %s (at %d)\n%s", outErr, pos, out)
			}
			if inErr != "" && outErr != inErr {
				t.Logf("input does not prepare (%s); output: %s", inErr, outErr)
			}
			if inErr == "" {
				prepared++
				if in != out {
					if c.paramCounts(in) != c.paramCounts(out) {
						t.Errorf("parameter counts differ: %s vs %s", c.paramCounts(in), c.paramCounts(out))
					}
				}
			}
		})
	}
	if prepared < len(syntaxCorpus) {
		t.Errorf("only %d inputs prepared in SQLite", prepared)
	}
}

// Rewriting the rewritten text again changes nothing.
func TestSQLiteOnlySyntaxIdempotent(t *testing.T) {
	rw := rewrite.New(rewritetest.Policy(t), Dialect{})
	for _, in := range syntaxCorpus {
		out, err := rw.Rewrite(in, rewrite.Scope{})
		if err != nil {
			continue
		}
		again, err := rw.Rewrite(out, rewrite.Scope{})
		if err != nil || again != out {
			t.Errorf("%s\nfirst:  %s\nsecond: %s (%v)", in, out, again, err)
		}
	}
}

// paramTexts lists the parameters of sql as written, in order.
func paramTexts(sql string) string {
	var out []string
	for _, t := range scan(sql) {
		if t.kind == tkVariable {
			out = append(out, sql[t.start:t.end])
		}
	}
	return strings.Join(out, " ")
}
