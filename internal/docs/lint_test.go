package docs

import (
	"strings"
	"testing"

	"github.com/tombstone-sql/tombstone/lint"
)

// TestLintRuleAnchors: every lint rule's documentation URL (lint.DocsURL
// and the rule's anchor) names a heading of docs/lint.md, so the links in
// SARIF and JSON output land on the rule.
func TestLintRuleAnchors(t *testing.T) {
	if !strings.HasSuffix(lint.DocsURL, "/docs/lint.md") {
		t.Fatalf("lint.DocsURL = %q, want the docs/lint.md page", lint.DocsURL)
	}
	c := &checker{root: "../..", anchors: map[string]map[string]bool{}}
	anchors := c.anchorsOf("docs/lint.md")
	for _, r := range lint.Rules {
		if !anchors[r.Anchor()] {
			t.Errorf("rule %s %s: docs/lint.md has no heading with the anchor #%s", r.Code, r.Name, r.Anchor())
		}
	}
}
