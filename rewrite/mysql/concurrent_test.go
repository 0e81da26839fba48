package mysql_test

import (
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/tombstone-sql/tombstone/internal/rewritetest"
	"github.com/tombstone-sql/tombstone/rewrite"
	"github.com/tombstone-sql/tombstone/rewrite/mysql"
)

// TestConcurrent rewrites the golden inputs from several goroutines at
// once (the parsers are pooled); run with -race.
func TestConcurrent(t *testing.T) {
	root := rewritetest.Root(t)
	inputs, _ := filepath.Glob(filepath.Join(root, "testdata/rewrite/mysql/*/input.sql"))
	if len(inputs) == 0 {
		t.Fatal("no golden inputs")
	}
	rw := rewrite.New(rewritetest.Policy(t), mysql.Dialect{})
	var sqls, want []string
	for _, in := range inputs {
		b, err := os.ReadFile(in)
		if err != nil {
			t.Fatal(err)
		}
		out, err := rw.Rewrite(string(b), rewrite.Scope{})
		if err != nil {
			out = err.Error()
		}
		sqls = append(sqls, string(b))
		want = append(want, out)
	}
	var wg sync.WaitGroup
	for g := 0; g < 4; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for k := range sqls {
				i := (k + g*7) % len(sqls)
				got, err := rw.Rewrite(sqls[i], rewrite.Scope{})
				if err != nil {
					got = err.Error()
				}
				if got != want[i] {
					t.Errorf("%s: concurrent rewrite differs:\n%s\nwant:\n%s", inputs[i], got, want[i])
				}
			}
		}(g)
	}
	wg.Wait()
}
