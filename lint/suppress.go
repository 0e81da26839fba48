package lint

import "strings"

// Directives that suppress findings.
const (
	// ignoreSQL suppresses a rule in one statement of a SQL file.
	ignoreSQL = "@tombstone-ignore"
	// ignoreFileSQL suppresses a rule in a whole SQL file.
	ignoreFileSQL = "@tombstone-ignore-file"
	// IgnoreGo suppresses a rule for the SQL of one Go call.
	IgnoreGo = "//tombstone:ignore"
)

// Suppression is one parsed suppression comment.
type Suppression struct {
	// Rule is the suppressed rule; nil when the comment is bad (Bad says
	// why).
	Rule *Rule
	// Reason is the text after the rule.
	Reason string
	// Bad says what is wrong with the comment, or "".
	Bad string
	// File is set for a file-level suppression.
	File bool
	// Start and End locate the comment.
	Start, End int
	// Used records whether the suppression hid a finding.
	Used bool
}

// parseSQLSuppressions returns the suppressions in comments. A directive
// is the first text of a line comment, or of a line of a block comment
// (after an optional leading '*'); mentioned anywhere else, it is prose.
func parseSQLSuppressions(comments []comment) []*Suppression {
	var out []*Suppression
	for _, c := range comments {
		for _, line := range strings.Split(c.text, "\n") {
			line = strings.TrimLeft(line, " \t\r\f\v")
			if c.block {
				line = strings.TrimLeft(strings.TrimPrefix(line, "*"), " \t\r\f\v")
			}
			rest, ok := strings.CutPrefix(line, ignoreSQL)
			if !ok {
				continue
			}
			file := false
			if r, ok := strings.CutPrefix(rest, "-file"); ok {
				file, rest = true, r
			}
			if rest != "" && rest[0] != ' ' && rest[0] != '\t' {
				// @tombstone-ignored or another word: not a directive.
				continue
			}
			s := ParseDirective(rest)
			s.File, s.Start, s.End = file, c.start, c.end
			out = append(out, s)
		}
	}
	return out
}

// ParseDirective reads what follows a suppression directive: a rule (code
// or name) and a reason, which is required.
func ParseDirective(rest string) *Suppression {
	f := strings.Fields(rest)
	s := &Suppression{}
	switch {
	case len(f) == 0:
		s.Bad = "names no rule; write the rule and a reason, e.g. missing-live-predicate <why deleted rows are wanted>"
	case LookupRule(f[0]) == nil:
		s.Bad = "names an unknown rule " + quote(f[0]) + "; rules are " + ruleList()
	case len(f) == 1:
		s.Bad = "gives no reason; say why the rule does not apply here"
	default:
		s.Rule = LookupRule(f[0])
		s.Reason = strings.Join(f[1:], " ")
	}
	return s
}

func quote(s string) string { return "\"" + s + "\"" }
