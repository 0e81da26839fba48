package lint_test

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/tombstone-sql/tombstone/internal/dialects"
	"github.com/tombstone-sql/tombstone/lint"
	"github.com/tombstone-sql/tombstone/policy"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/lint")

// repoRoot is the repository root, found when the test binary starts in
// the package directory; test paths are relative to it, as in CI.
var repoRoot, _ = filepath.Abs("..")

func root(testing.TB) string { return repoRoot }

func linter(t testing.TB) *lint.Linter {
	t.Helper()
	// The caller has changed to the repository root.
	p, err := policy.Load("testdata/lint/tombstone.yaml")
	if err != nil {
		t.Fatal(err)
	}
	l, err := lint.New(p, nil)
	if err != nil {
		t.Fatal(err)
	}
	return l
}

var wantRE = regexp.MustCompile(`want:((?:\s+TS\d{3})+)`)

// wants returns the findings a case file's "want:" comments expect, as
// "line CODE" strings, sorted.
func wants(src string) []string {
	var out []string
	for i, line := range strings.Split(src, "\n") {
		if m := wantRE.FindStringSubmatch(line); m != nil {
			for _, code := range strings.Fields(m[1]) {
				out = append(out, fmt.Sprintf("%d %s", i+1, code))
			}
		}
	}
	sort.Strings(out)
	return out
}

// TestGolden lints every case of testdata/lint/sql/<dialect>: each
// finding must be on a line whose want: comment names its rule, and every
// want: must be found. Cases with a .golden file (every postgres case)
// also compare the text output and the --diff of the fix, and check that
// fixing the fixed text changes nothing. Dialects whose adapter is not
// registered yet are skipped; their cases run as soon as it is.
func TestGolden(t *testing.T) {
	t.Chdir(root(t))
	l := linter(t)
	dirs, err := filepath.Glob("testdata/lint/sql/*")
	if err != nil || len(dirs) == 0 {
		t.Fatalf("no dialect directories in testdata/lint/sql (%v)", err)
	}
	for _, dir := range dirs {
		name := filepath.Base(dir)
		t.Run(name, func(t *testing.T) {
			d, ok := dialects.Lookup(name)
			if !ok {
				t.Skipf("dialect %s is not registered in internal/dialects yet; its lint cases run once it is", name)
			}
			files, _ := filepath.Glob(filepath.Join(dir, "*.sql"))
			if len(files) == 0 {
				t.Fatal("no cases")
			}
			for _, file := range files {
				t.Run(strings.TrimSuffix(filepath.Base(file), ".sql"), func(t *testing.T) {
					src, err := os.ReadFile(file)
					if err != nil {
						t.Fatal(err)
					}
					res, err := l.File(filepath.ToSlash(file), src, d)
					if err != nil {
						t.Fatal(err)
					}
					var got []string
					for _, f := range res.Findings {
						if !f.Suppressed {
							got = append(got, fmt.Sprintf("%d %s", f.Line, f.Rule.Code))
						}
					}
					sort.Strings(got)
					if diff := cmp.Diff(wants(string(src)), got); diff != "" {
						t.Errorf("findings by line (-want +got):\n%s", diff)
					}
					again, err := l.File(filepath.ToSlash(file), []byte(res.Fixed), d)
					if err != nil {
						t.Fatal(err)
					}
					if again.Fixed != res.Fixed {
						t.Errorf("fix not idempotent (-first +second):\n%s", cmp.Diff(res.Fixed, again.Fixed))
					}
					var out bytes.Buffer
					if err := lint.Write(&out, "text", res.Findings); err != nil {
						t.Fatal(err)
					}
					out.WriteString("-- diff --\n")
					out.WriteString(lint.Diff(filepath.ToSlash(file), res.Source, res.Fixed))
					golden := strings.TrimSuffix(file, ".sql") + ".golden"
					if *update {
						if err := os.WriteFile(golden, out.Bytes(), 0o644); err != nil {
							t.Fatal(err)
						}
						return
					}
					want, err := os.ReadFile(golden)
					if os.IsNotExist(err) && name != "postgres" {
						return
					}
					if err != nil {
						t.Fatalf("%v (run go test ./lint -update and review the file)", err)
					}
					if diff := cmp.Diff(string(want), out.String()); diff != "" {
						t.Errorf("%s (-want +got):\n%s", golden, diff)
					}
				})
			}
		})
	}
}
