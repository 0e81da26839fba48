package cli

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/cli")

// TestGolden runs every case under testdata/cli: a directory holding args
// (one argument per line, paths relative to the repository root), an
// optional stdin, and the expected stdout, stderr and exit code.
func TestGolden(t *testing.T) {
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	t.Chdir(root)
	dirs, err := filepath.Glob("testdata/cli/*")
	if err != nil {
		t.Fatal(err)
	}
	if len(dirs) == 0 {
		t.Fatal("no golden cases in testdata/cli")
	}
	for _, dir := range dirs {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			raw, err := os.ReadFile(filepath.Join(dir, "args"))
			if err != nil {
				t.Fatal(err)
			}
			args := strings.Split(strings.TrimRight(string(raw), "\n"), "\n")
			stdin, _ := os.ReadFile(filepath.Join(dir, "stdin"))
			var stdout, stderr bytes.Buffer
			code := Run(args, bytes.NewReader(stdin), &stdout, &stderr)
			got := map[string]string{
				"stdout": stdout.String(),
				"stderr": stderr.String(),
				"exit":   strconv.Itoa(code) + "\n",
			}
			for _, name := range []string{"stdout", "stderr", "exit"} {
				path := filepath.Join(dir, name)
				if *update {
					if err := os.WriteFile(path, []byte(got[name]), 0o644); err != nil {
						t.Fatal(err)
					}
					continue
				}
				want, err := os.ReadFile(path)
				if err != nil && !os.IsNotExist(err) {
					t.Fatal(err)
				}
				if diff := cmp.Diff(string(want), got[name]); diff != "" {
					t.Errorf("%s (-want +got):\n%s", name, diff)
				}
			}
		})
	}
}
