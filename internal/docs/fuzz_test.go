package docs

import (
	"os"
	"path/filepath"
	"testing"
)

// FuzzCheck: any page, however malformed, gets problems back, never a
// panic; and a second check of the same page says the same thing.
func FuzzCheck(f *testing.F) {
	for _, name := range []string{"testdata/sample/README.md", "testdata/sample/docs/bad.md"} {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(string(data))
	}
	f.Add("<!-- go: . Example -->\n```go\n")
	f.Add("  ```\n<!-- cli: testdata/cli/../../x -->\n```\n```\n[a](#)\n")
	f.Fuzz(func(t *testing.T, page string) {
		root := t.TempDir()
		if err := os.CopyFS(root, os.DirFS("testdata/sample")); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(root, "docs", "fuzz.md"), []byte(page), 0o644); err != nil {
			t.Fatal(err)
		}
		first := Check(root, []string{"docs/fuzz.md"})
		second := Check(root, []string{"docs/fuzz.md"})
		if len(first) != len(second) {
			t.Fatalf("two checks of one page differ: %v, then %v", first, second)
		}
	})
}
