package analyzer_test

import (
	"path/filepath"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/tombstone-sql/tombstone/lint/analyzer"
)

// TestAnalyzer checks the diagnostics against the // want comments of
// lint/testdata/src/a and the suggested fixes against a.go.golden.
func TestAnalyzer(t *testing.T) {
	dir, err := filepath.Abs("../testdata")
	if err != nil {
		t.Fatal(err)
	}
	a := analyzer.New(analyzer.Settings{Policy: filepath.Join(dir, "policy", "tombstone.yaml")})
	analysistest.RunWithSuggestedFixes(t, dir, a, "a", "calls")
}

// TestNoPolicy checks that a package with no tombstone.yaml above it is
// not checked: the analyzer runs in every package of go vet ./...
func TestNoPolicy(t *testing.T) {
	dir, err := filepath.Abs("../testdata")
	if err != nil {
		t.Fatal(err)
	}
	analysistest.Run(t, dir, analyzer.New(analyzer.Settings{}), "nopolicy")
}
