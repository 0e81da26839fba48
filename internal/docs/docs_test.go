package docs

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestUpdate rewrites a copy of the sample's bad page: the stale go:,
// file: and cli: blocks are fixed, the other problems stay.
func TestUpdate(t *testing.T) {
	root := t.TempDir()
	if err := os.CopyFS(root, os.DirFS("testdata/sample")); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range Update(root, []string{"docs/bad.md"}) {
		got = append(got, p.String())
	}
	want := []string{
		"docs/bad.md:5: code block without a marker; put one of <!-- go: DIR ExampleName -->, <!-- file: PATH -->, <!-- excerpt: PATH -->, <!-- cli: testdata/cli/CASE -->, <!-- not-run: REASON --> on the line before it",
		"docs/bad.md:16: go marker: ExampleQuiet in ex has no // Output: comment, so go test compiles it but never runs it; add the output it prints",
		"docs/bad.md:21: go marker: ExampleMissing in ex: no such Example function",
		"docs/bad.md:31: the block's lines do not occur, whole and in a row, in testdata/cli/hello/stdout; copy them from the file again",
		`docs/bad.md:43: cli marker "testdata/other/hello": not a case of the CLI golden test (it runs testdata/cli/*); put the case there`,
		`docs/bad.md:48: marker "<!-- not-run: -->" names nothing; say what the block comes from (for not-run, why no test can run it)`,
		`docs/bad.md:53: marker path "../../go.mod" is outside the repository; write it relative to the repository root`,
		"docs/bad.md:58: two marker lines before one code block; keep the one that says where the block comes from",
		`docs/bad.md:64: marker "<!-- note: a marker with no block after it -->" is not right before a code block; put it on the line above the opening fence`,
		`docs/bad.md:66: link "missing.md": docs/missing.md does not exist; fix the path (relative to docs)`,
		`docs/bad.md:66: link "../README.md#nowhere": README.md has no heading with the anchor #nowhere; link one of its headings`,
		"docs/bad.md:68: the code block opened here is never closed; add a line ```",
		"docs/bad.md:68: code block without a marker; put one of <!-- go: DIR ExampleName -->, <!-- file: PATH -->, <!-- excerpt: PATH -->, <!-- cli: testdata/cli/CASE -->, <!-- not-run: REASON --> on the line before it",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("problems after Update (-want +got):\n%s", diff)
	}
	// A block in a list item keeps its indentation when rewritten.
	readme := filepath.Join(root, "README.md")
	good, err := os.ReadFile(readme)
	if err != nil {
		t.Fatal(err)
	}
	stale := strings.Replace(string(good), "  version: 1\n", "  version: 9\n", 1)
	if stale == string(good) {
		t.Fatal("the sample README has no indented policy block")
	}
	if err := os.WriteFile(readme, []byte(stale), 0o644); err != nil {
		t.Fatal(err)
	}
	if probs := Update(root, []string{"README.md"}); len(probs) != 0 {
		t.Errorf("README.md after Update: %v", probs)
	}
	fixed, err := os.ReadFile(readme)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(string(good), string(fixed)); diff != "" {
		t.Errorf("README.md after Update (-want +got):\n%s", diff)
	}
}

// TestSample runs the checker on a sample repository under testdata: its
// README uses every marker correctly, and docs/bad.md breaks each rule once.
func TestSample(t *testing.T) {
	tests := []struct {
		page string
		want []string
	}{
		{page: "README.md", want: nil},
		{page: "docs/bad.md", want: []string{
			"docs/bad.md:5: code block without a marker; put one of <!-- go: DIR ExampleName -->, <!-- file: PATH -->, <!-- excerpt: PATH -->, <!-- cli: testdata/cli/CASE -->, <!-- not-run: REASON --> on the line before it",
			"docs/bad.md:10: the block differs from the body of ExampleHello in ex/*_test.go (one tab of indentation removed); paste the body again or run go test ./internal/docs -update:\n" +
				"\tfirst difference at line 1 of the block:\n\twant \"fmt.Println(\\\"hello\\\")\"\n\tgot  \"fmt.Println(\\\"hullo\\\")\"",
			"docs/bad.md:16: go marker: ExampleQuiet in ex has no // Output: comment, so go test compiles it but never runs it; add the output it prints",
			"docs/bad.md:21: go marker: ExampleMissing in ex: no such Example function",
			"docs/bad.md:26: the block differs from testdata/policy.yaml; paste the whole file again or run go test ./internal/docs -update:\n" +
				"\tfirst difference at line 1 of the block:\n\twant \"version: 1\"\n\tgot  \"version: 2\"",
			"docs/bad.md:31: the block's lines do not occur, whole and in a row, in testdata/cli/hello/stdout; copy them from the file again",
			"docs/bad.md:37: the block differs from the golden case testdata/cli/hello ($ tombstone ARGS, then its stdout); paste it again or run go test ./internal/docs -update:\n" +
				"\tfirst difference at line 1 of the block:\n\twant \"$ tombstone explain --policy 'my policy.yaml'\"\n\tgot  \"$ tombstone explain --policy my policy.yaml\"",
			`docs/bad.md:43: cli marker "testdata/other/hello": not a case of the CLI golden test (it runs testdata/cli/*); put the case there`,
			`docs/bad.md:48: marker "<!-- not-run: -->" names nothing; say what the block comes from (for not-run, why no test can run it)`,
			`docs/bad.md:53: marker path "../../go.mod" is outside the repository; write it relative to the repository root`,
			"docs/bad.md:58: two marker lines before one code block; keep the one that says where the block comes from",
			`docs/bad.md:64: marker "<!-- note: a marker with no block after it -->" is not right before a code block; put it on the line above the opening fence`,
			`docs/bad.md:66: link "missing.md": docs/missing.md does not exist; fix the path (relative to docs)`,
			`docs/bad.md:66: link "../README.md#nowhere": README.md has no heading with the anchor #nowhere; link one of its headings`,
			"docs/bad.md:68: the code block opened here is never closed; add a line ```",
			"docs/bad.md:68: code block without a marker; put one of <!-- go: DIR ExampleName -->, <!-- file: PATH -->, <!-- excerpt: PATH -->, <!-- cli: testdata/cli/CASE -->, <!-- not-run: REASON --> on the line before it",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.page, func(t *testing.T) {
			var got []string
			for _, p := range Check("testdata/sample", []string{tt.page}) {
				got = append(got, p.String())
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("problems (-want +got):\n%s", diff)
			}
		})
	}
}
