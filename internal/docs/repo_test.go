package docs

import (
	"flag"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the go:, file: and cli: blocks of README.md and docs/*.md from what their markers name")

// TestDocs checks the repository's README.md and docs/*.md: every code
// block has its marker and matches what the marker names, and every
// relative link resolves. With -update the blocks are rewritten first.
func TestDocs(t *testing.T) {
	pages, err := Pages("../..")
	if err != nil {
		t.Fatal(err)
	}
	check := Check
	if *update {
		check = Update
	}
	for _, p := range check("../..", pages) {
		t.Error(p)
	}
}
