package sqlc_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"go.yaml.in/yaml/v3"

	"github.com/tombstone-sql/tombstone/internal/sqlctool"
)

// TestNoDrift regenerates the store's sqlc project in a scratch copy of
// its inputs (sqlc.yaml, the policy, the schema and query files), with
// the plugin built from this module where sqlc.yaml's process.cmd expects
// it, and fails when any generated Go file differs from the committed one
// or is missing or extra — the CI drift check. -update copies the fresh
// output over the committed files.
func TestNoDrift(t *testing.T) {
	if testing.Short() {
		t.Skip("runs sqlc")
	}
	root := sqlctool.Root(t)
	sqlc := sqlctool.Binary(t)
	tmp := t.TempDir()
	copyInto(t, root, tmp, "sqlc.yaml", "examples/store/tombstone.yaml")
	for _, d := range dialects {
		rel := filepath.Join("examples", "store", "sqlc", d)
		copyInto(t, root, tmp, filepath.Join(rel, "query.sql"))
		sqlctool.CopyTree(t, filepath.Join(root, rel, "schema"), filepath.Join(tmp, rel, "schema"))
	}
	plugin := sqlctool.Plugin(t, root)
	if err := os.MkdirAll(filepath.Join(tmp, "bin"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(filepath.Join(plugin, "sqlc-gen-tombstone"), filepath.Join(tmp, "bin", "sqlc-gen-tombstone")); err != nil {
		t.Fatal(err)
	}
	// No plugin directory on PATH: sqlc.yaml's relative cmd must resolve.
	sqlctool.Generate(t, sqlc, "", tmp)

	for _, d := range dialects {
		rel := filepath.Join("examples", "store", "sqlc", d)
		want := goFiles(t, filepath.Join(tmp, rel))
		if len(want) < 4 {
			t.Fatalf("%s: sqlc generated only %v", rel, keys(want))
		}
		if *update {
			for name := range goFiles(t, filepath.Join(root, rel)) {
				if _, ok := want[name]; !ok && !strings.HasSuffix(name, "_test.go") {
					os.Remove(filepath.Join(root, rel, name))
				}
			}
			for name, s := range want {
				if err := os.WriteFile(filepath.Join(root, rel, name), []byte(s), 0o644); err != nil {
					t.Fatal(err)
				}
			}
		}
		got := goFiles(t, filepath.Join(root, rel))
		for name := range got {
			if strings.HasSuffix(name, "_test.go") {
				delete(got, name)
			}
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("%s differs from what sqlc and the plugin generate (-generated +committed); run go generate . (or go test ./examples/store/sqlc -update):\n%s", rel, diff)
		}
	}
}

func goFiles(t *testing.T, dir string) map[string]string {
	t.Helper()
	files := readDir(t, dir)
	for name := range files {
		if !strings.HasSuffix(name, ".go") {
			delete(files, name)
		}
	}
	return files
}

func copyInto(t *testing.T, from, to string, rels ...string) {
	t.Helper()
	for _, rel := range rels {
		b, err := os.ReadFile(filepath.Join(from, rel))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.MkdirAll(filepath.Dir(filepath.Join(to, rel)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(to, rel), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func keys[V any](m map[string]V) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

// TestGenerateDirectives: the go:generate lines of the repository root
// build the plugin where sqlc.yaml's process.cmd looks for it and run the
// sqlc version the tests run.
func TestGenerateDirectives(t *testing.T) {
	root := sqlctool.Root(t)
	b, err := os.ReadFile(filepath.Join(root, "sqlc.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var conf struct {
		Plugins []struct {
			Name    string
			Process struct{ Cmd string }
		}
	}
	if err := yaml.Unmarshal(b, &conf); err != nil {
		t.Fatal(err)
	}
	if len(conf.Plugins) != 1 || conf.Plugins[0].Name != "tombstone" {
		t.Fatalf("sqlc.yaml plugins = %+v, want the tombstone plugin only", conf.Plugins)
	}
	src, err := os.ReadFile(filepath.Join(root, "generate.go"))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, line := range strings.Split(string(src), "\n") {
		if d, ok := strings.CutPrefix(line, "//go:generate "); ok {
			got = append(got, d)
		}
	}
	want := []string{
		"go build -o " + conf.Plugins[0].Process.Cmd + " ./cmd/sqlc-gen-tombstone",
		"go run github.com/sqlc-dev/sqlc/cmd/sqlc@" + sqlctool.Version + " generate",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("generate.go's go:generate lines (-want +got):\n%s", diff)
	}
}
