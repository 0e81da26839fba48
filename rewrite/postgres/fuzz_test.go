package postgres_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	pg "github.com/pganalyze/pg_query_go/v5"

	"github.com/tombstone-sql/tombstone/internal/oracle"
	"github.com/tombstone-sql/tombstone/internal/rewritetest"
	"github.com/tombstone-sql/tombstone/rewrite"
	"github.com/tombstone-sql/tombstone/rewrite/postgres"
)

// FuzzRewrite checks, for any input: no panic; a rewrite that succeeds
// parses, is idempotent, and leaves input that touches no governed table
// byte for byte as it was.
func FuzzRewrite(f *testing.F) {
	root := rewritetest.Root(f)
	inputs, _ := filepath.Glob(filepath.Join(root, "testdata/rewrite/postgres/*/input.sql"))
	for _, in := range inputs {
		b, err := os.ReadFile(in)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(string(b))
	}
	cases, err := oracle.ParseCorpus(filepath.Join(root, "testdata/oracle/postgres.sql"))
	if err != nil {
		f.Fatal(err)
	}
	for _, c := range cases {
		f.Add(c.SQL)
	}
	rw := rewrite.New(rewritetest.Policy(f), postgres.Dialect{})
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
		if !rw.Policy().MayMention(sql) && !strings.Contains(strings.ToLower(sql), "u&") {
			t.Fatalf("changed a statement that cannot mention a governed table: %q", sql)
		}
		if _, err := pg.Parse(out); err != nil {
			t.Fatalf("output does not parse: %v\ninput:  %q\noutput: %q", err, sql, out)
		}
		again, err := rw.Rewrite(out, rewrite.Scope{})
		if err != nil {
			t.Fatalf("rewriting the output: %v\ninput:  %q\noutput: %q", err, sql, out)
		}
		if again != out {
			t.Fatalf("not idempotent:\ninput:  %q\nfirst:  %q\nsecond: %q", sql, out, again)
		}
	})
}
