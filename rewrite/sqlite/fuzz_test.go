package sqlite

import (
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/tombstone-sql/tombstone/internal/rewritetest"
	"github.com/tombstone-sql/tombstone/policy"
	"github.com/tombstone-sql/tombstone/rewrite"
)

func seeds(f *testing.F) {
	for _, s := range tokenizerCorpus {
		f.Add(s)
	}
	for _, s := range syntaxCorpus {
		f.Add(s)
	}
	dirs, _ := filepath.Glob(filepath.Join(rewritetest.Root(f), "testdata", "rewrite", "sqlite", "*", "input.sql"))
	for _, d := range dirs {
		b, err := os.ReadFile(d)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(string(b))
	}
}

// FuzzScan checks that the tokens cover the input exactly and that the
// first statement ends, and counts its parameters, where SQLite says.
func FuzzScan(f *testing.F) {
	seeds(f)
	c := openCAPI(f, testSchema...)
	var mu sync.Mutex
	f.Fuzz(func(t *testing.T, in string) {
		toks := scan(in)
		at := 0
		for _, tk := range toks {
			if tk.start != at || tk.end <= tk.start {
				t.Fatalf("token [%d,%d) after byte %d: tokens must cover the input", tk.start, tk.end, at)
			}
			at = tk.end
		}
		if at != len(in) {
			t.Fatalf("tokens end at %d of %d", at, len(in))
		}
		for _, s := range split(in, toks) {
			translate(in, s.toks)
		}
		mu.Lock()
		defer mu.Unlock()
		compareWithSQLite(t, c, in)
	})
}

// FuzzRewrite checks the adapter through the core: no panic; an input
// that cannot mention a governed table comes back unchanged; a rewritten
// one keeps its parameters, is idempotent, and prepares in SQLite when the
// input does.
func FuzzRewrite(f *testing.F) {
	seeds(f)
	pol := rewritetest.Policy(f)
	rw := rewrite.New(pol, Dialect{})
	c := openCAPI(f, testSchema...)
	var mu sync.Mutex
	f.Fuzz(func(t *testing.T, in string) {
		out, err := rw.Rewrite(in, rewrite.Scope{})
		if err != nil {
			return
		}
		if !pol.MayMention(in) && !strings.Contains(in, "&") && out != in {
			t.Fatalf("input mentions no governed table but changed:\n%s\n%s", in, out)
		}
		if plan, err := rw.Plan(in, rewrite.Scope{}); err == nil && !touchesGoverned(pol, plan) && out != in {
			t.Fatalf("statement touches no governed table but changed:\n%s\n%s", in, out)
		}
		if out == in {
			return
		}
		if paramTexts(out) != paramTexts(in) {
			t.Fatalf("parameters changed:\n in: %s\nout: %s", paramTexts(in), paramTexts(out))
		}
		again, err := rw.Rewrite(out, rewrite.Scope{})
		if err != nil || again != out {
			t.Fatalf("not idempotent:\nfirst:  %s\nsecond: %s (%v)", out, again, err)
		}
		if strings.IndexByte(in, 0) >= 0 {
			return
		}
		mu.Lock()
		defer mu.Unlock()
		if inErr, _ := c.prepareAll(in); inErr == "" {
			if outErr, pos := c.prepareAll(out); outErr != "" {
				t.Fatalf("input prepares, output does not: %s (at %d)\n in: %s\nout: %s", outErr, pos, in, out)
			}
			if c.paramCounts(in) != c.paramCounts(out) {
				t.Fatalf("parameter counts differ: %s vs %s", c.paramCounts(in), c.paramCounts(out))
			}
		}
	})
}

// touchesGoverned reports whether any table reference of the plan is
// governed by the policy.
func touchesGoverned(pol *policy.Policy, plan *rewrite.Plan) bool {
	for _, st := range plan.Statements {
		for _, r := range st.Refs {
			if t, err := pol.Lookup(r.Schema, r.Name); err != nil || t != nil {
				return true
			}
		}
	}
	return false
}
