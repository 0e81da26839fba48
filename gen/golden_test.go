package gen_test

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/tombstone-sql/tombstone/gen"
	"github.com/tombstone-sql/tombstone/policy"
)

var update = flag.Bool("update", false, "rewrite the golden files of testdata/gen")

// caseConfig is a golden case's config.json: the catalog and the options.
type caseConfig struct {
	Package   string      `json:"package"`
	Flavor    gen.Flavor  `json:"sql_package"`
	Layout    gen.Layout  `json:"migrations"`
	Migration string      `json:"migration_name"`
	Catalog   gen.Catalog `json:"catalog"`
}

// TestGolden generates each case of testdata/gen/core-* (a policy, a
// catalog and options) and compares every file with the golden one in the
// case's out directory; -update rewrites them.
func TestGolden(t *testing.T) {
	dirs, err := filepath.Glob(filepath.Join("..", "testdata", "gen", "core-*"))
	if err != nil || len(dirs) == 0 {
		t.Fatalf("no golden cases: %v", err)
	}
	for _, dir := range dirs {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			files := generateCase(t, dir)
			out := filepath.Join(dir, "out")
			if *update {
				os.RemoveAll(out)
				if err := os.MkdirAll(out, 0o755); err != nil {
					t.Fatal(err)
				}
				for _, f := range files {
					if err := os.WriteFile(filepath.Join(out, f.Name), f.Contents, 0o644); err != nil {
						t.Fatal(err)
					}
				}
			}
			want := map[string]string{}
			entries, _ := os.ReadDir(out)
			for _, e := range entries {
				b, err := os.ReadFile(filepath.Join(out, e.Name()))
				if err != nil {
					t.Fatal(err)
				}
				want[e.Name()] = string(b)
			}
			got := map[string]string{}
			for _, f := range files {
				got[f.Name] = string(f.Contents)
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("%s differs from the golden files (-want +got), rerun with -update if intended:\n%s", dir, diff)
			}
		})
	}
}

func generateCase(t *testing.T, dir string) []gen.File {
	t.Helper()
	p, err := policy.Load(filepath.Join(dir, "tombstone.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	p.Source = "tombstone.yaml"
	raw, err := os.ReadFile(filepath.Join(dir, "config.json"))
	if err != nil {
		t.Fatal(err)
	}
	var cc caseConfig
	if err := json.Unmarshal(raw, &cc); err != nil {
		t.Fatal(err)
	}
	files, err := gen.Generate(gen.Config{Package: cc.Package, Flavor: cc.Flavor, Policy: p, Catalog: &cc.Catalog})
	if err != nil {
		t.Fatal(err)
	}
	if cc.Layout != "" {
		m, err := gen.Migration(p, cc.Catalog.Dialect, cc.Layout, cc.Migration)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, m...)
	}
	for _, f := range files {
		if strings.Contains(f.Name, "/") {
			t.Fatalf("file %s is not in the output directory", f.Name)
		}
	}
	return files
}
