package mysql_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tombstone-sql/tombstone/internal/oracle"
	"github.com/tombstone-sql/tombstone/internal/rewritetest"
	"github.com/tombstone-sql/tombstone/rewrite"
	"github.com/tombstone-sql/tombstone/rewrite/mysql"
)

// FuzzRewrite checks, for any input: no panic; a rewrite that succeeds
// parses, keeps every ? placeholder, is idempotent, and leaves input that
// touches no governed table byte for byte as it was.
func FuzzRewrite(f *testing.F) {
	root := rewritetest.Root(f)
	inputs, _ := filepath.Glob(filepath.Join(root, "testdata/rewrite/mysql/*/input.sql"))
	for _, in := range inputs {
		b, err := os.ReadFile(in)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(string(b))
	}
	if cases, err := oracle.ParseCorpus(filepath.Join(root, "testdata/oracle/mysql.sql")); err == nil {
		for _, c := range cases {
			f.Add(c.SQL)
		}
	}
	rw := rewrite.New(rewritetest.Policy(f), mysql.Dialect{})
	f.Fuzz(func(t *testing.T, sql string) {
		plan, err := rw.Plan(sql, rewrite.Scope{})
		if err != nil {
			t.Fatal(err)
		}
		if plan.Err() != nil {
			return
		}
		out := plan.Rewritten()
		if len(plan.Actions) == 0 && out != sql {
			t.Fatalf("no action, yet the text changed:\n%q\n%q", sql, out)
		}
		if out == sql {
			return
		}
		if !rw.Policy().MayMention(sql) {
			t.Fatalf("changed a statement that cannot mention a governed table: %q", sql)
		}
		if _, err := (mysql.Dialect{}).Analyze(out); err != nil {
			t.Fatalf("output does not parse: %v\ninput:  %q\noutput: %q", err, sql, out)
		}
		if a, b := mysql.Placeholders(sql), mysql.Placeholders(out); a != b {
			t.Fatalf("placeholders changed from %d to %d:\ninput:  %q\noutput: %q", a, b, sql, out)
		}
		again, err := rw.Rewrite(out, rewrite.Scope{})
		if err != nil {
			t.Fatalf("rewriting the output: %v\ninput:  %q\noutput: %q", err, sql, out)
		}
		if again != out {
			t.Fatalf("not idempotent:\ninput:  %q\nfirst:  %q\nsecond: %q", sql, out, again)
		}
		if strings.Count(out, "?") < strings.Count(sql, "?") {
			t.Fatalf("a ? disappeared:\ninput:  %q\noutput: %q", sql, out)
		}
	})
}
