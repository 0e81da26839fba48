// Package rewritetest runs the rewrite golden files shared by every
// dialect: testdata/rewrite/<dialect>/<case>/ holds input.sql, an optional
// scope file (tombstone rewrite flags, one per line), and the expected
// output.sql and stderr, regenerated with -update.
package rewritetest

import (
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/tombstone-sql/tombstone/policy"
	"github.com/tombstone-sql/tombstone/rewrite"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// PolicyPath is the policy the goldens and the oracle share, relative to
// the repository root.
const PolicyPath = "testdata/rewrite/tombstone.yaml"

// Root returns the repository root, found from the working directory.
func Root(t testing.TB) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("no go.mod above the working directory")
		}
		dir = parent
	}
}

// Policy loads the shared policy.
func Policy(t testing.TB) *policy.Policy {
	t.Helper()
	p, err := policy.Load(filepath.Join(Root(t), PolicyPath))
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// ParseScope reads scope flags: --with-deleted T, --only-deleted T,
// --hard-delete, --allow-schema-changes, one per line or space-separated.
func ParseScope(text string) (rewrite.Scope, error) {
	var s rewrite.Scope
	f := strings.Fields(text)
	for i := 0; i < len(f); i++ {
		switch f[i] {
		case "--hard-delete":
			s.HardDelete = true
		case "--allow-schema-changes":
			s.SchemaChanges = true
		case "--with-deleted", "--only-deleted":
			if i+1 >= len(f) {
				return s, errors.New(f[i] + " needs a table")
			}
			if f[i] == "--with-deleted" {
				s.WithDeleted = append(s.WithDeleted, f[i+1])
			} else {
				s.OnlyDeleted = append(s.OnlyDeleted, f[i+1])
			}
			i++
		default:
			return s, errors.New("unknown scope flag " + f[i])
		}
	}
	return s, nil
}

// Golden runs every case of testdata/rewrite/<dialect>. Each case also
// checks that rewriting the output again changes nothing.
func Golden(t *testing.T, d rewrite.Dialect) {
	root := Root(t)
	rw := rewrite.New(Policy(t), d)
	dirs, err := filepath.Glob(filepath.Join(root, "testdata", "rewrite", d.Name(), "*"))
	if err != nil {
		t.Fatal(err)
	}
	if len(dirs) == 0 {
		t.Fatalf("no golden cases in testdata/rewrite/%s", d.Name())
	}
	for _, dir := range dirs {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			input, err := os.ReadFile(filepath.Join(dir, "input.sql"))
			if err != nil {
				t.Fatal(err)
			}
			scopeText, _ := os.ReadFile(filepath.Join(dir, "scope"))
			scope, err := ParseScope(string(scopeText))
			if err != nil {
				t.Fatal(err)
			}
			var stdout, stderr string
			out, err := rw.Rewrite(string(input), scope)
			if err != nil {
				stderr = err.Error() + "\n"
			} else {
				stdout = out
				again, err := rw.Rewrite(out, scope)
				if err != nil {
					t.Errorf("rewriting the output again: %v", err)
				} else if again != out {
					t.Errorf("not idempotent; second rewrite (-first +second):\n%s", cmp.Diff(out, again))
				}
			}
			check(t, filepath.Join(dir, "output.sql"), stdout)
			check(t, filepath.Join(dir, "stderr"), stderr)
		})
	}
}

func check(t *testing.T, path, got string) {
	t.Helper()
	if *update {
		if got == "" {
			os.Remove(path)
			return
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
	if diff := cmp.Diff(string(want), got); diff != "" {
		t.Errorf("%s (-want +got):\n%s", filepath.Base(path), diff)
	}
}

// Named is a statement with a name for benchmarks and tables.
type Named struct{ Name, SQL string }

// BenchRewrite benchmarks the uncached rewrite of each statement under the
// shared policy, one sub-benchmark per statement.
func BenchRewrite(b *testing.B, d rewrite.Dialect, stmts []Named) {
	rw := rewrite.New(Policy(b), d)
	for _, s := range stmts {
		b.Run(s.Name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := rw.Rewrite(s.SQL, rewrite.Scope{}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// Seed adds a dialect's golden inputs and oracle corpus to a fuzz test.
func Seed(f *testing.F, dialect string) {
	root := Root(f)
	inputs, _ := filepath.Glob(filepath.Join(root, "testdata", "rewrite", dialect, "*", "input.sql"))
	for _, in := range inputs {
		b, err := os.ReadFile(in)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(string(b))
	}
	corpus, err := os.ReadFile(filepath.Join(root, "testdata", "oracle", dialect+".sql"))
	if err != nil {
		f.Fatal(err)
	}
	for _, part := range strings.Split(string(corpus), "-- case:") {
		if i := strings.IndexByte(part, '\n'); i >= 0 {
			f.Add(part[i+1:])
		}
	}
}

// Check runs the properties every adapter's rewrite must have on one
// input: a refusal is fine; otherwise the text changes only when the plan
// acts and the quick reject let it through, the output parses (parse), and
// rewriting it again changes nothing. It returns the output, or "" when
// the input was refused.
func Check(t *testing.T, rw *rewrite.Rewriter, sql string, parse func(string) error) string {
	t.Helper()
	plan, err := rw.Plan(sql, rewrite.Scope{})
	if err != nil {
		t.Fatal(err)
	}
	if plan.Err() != nil {
		return ""
	}
	out := plan.Rewritten()
	if len(plan.Actions) == 0 && out != sql {
		t.Fatalf("no action, yet the text changed:\n%q\n%q", sql, out)
	}
	if out == sql {
		return out
	}
	if !rw.MayMention(sql) {
		t.Fatalf("changed a statement the quick reject lets through: %q", sql)
	}
	if err := parse(out); err != nil {
		t.Fatalf("output does not parse: %v\ninput:  %q\noutput: %q", err, sql, out)
	}
	again, err := rw.Rewrite(out, rewrite.Scope{})
	if err != nil {
		t.Fatalf("rewriting the output: %v\ninput:  %q\noutput: %q", err, sql, out)
	}
	if again != out {
		t.Fatalf("not idempotent:\ninput:  %q\nfirst:  %q\nsecond: %q", sql, out, again)
	}
	return out
}
