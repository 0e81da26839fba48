package mysql_test

import (
	"strings"
	"testing"

	"github.com/tombstone-sql/tombstone/internal/rewritetest"
	"github.com/tombstone-sql/tombstone/rewrite"
	"github.com/tombstone-sql/tombstone/rewrite/mysql"
)

// FuzzRewrite checks, for any input: no panic; a rewrite that succeeds
// parses, keeps every ? placeholder, is idempotent, and leaves input that
// touches no governed table byte for byte as it was.
func FuzzRewrite(f *testing.F) {
	rewritetest.Seed(f, "mysql")
	rw := rewrite.New(rewritetest.Policy(f), mysql.Dialect{})
	f.Fuzz(func(t *testing.T, sql string) {
		out := rewritetest.Check(t, rw, sql, func(out string) error {
			_, err := (mysql.Dialect{}).Analyze(out)
			return err
		})
		if out == "" || out == sql {
			return
		}
		if a, b := mysql.Placeholders(sql), mysql.Placeholders(out); a != b {
			t.Fatalf("placeholders changed from %d to %d:\ninput:  %q\noutput: %q", a, b, sql, out)
		}
		if strings.Count(out, "?") < strings.Count(sql, "?") {
			t.Fatalf("a ? disappeared:\ninput:  %q\noutput: %q", sql, out)
		}
	})
}
