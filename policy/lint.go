package policy

import (
	"strings"

	"go.yaml.in/yaml/v3"
)

// Dialects are the dialect names a policy's `dialect` key accepts, with
// the canonical name each stands for.
var dialectNames = map[string]string{
	"postgres":   "postgres",
	"postgresql": "postgres",
	"mysql":      "mysql",
	"sqlite":     "sqlite",
}

// LintConfig is the policy's lint section: settings for tombstone lint.
type LintConfig struct {
	// Rules lists the per-rule settings in file order.
	Rules []LintRule
}

// LintRule sets one lint rule's severity or turns the rule off. The policy
// does not know the rules; tombstone lint checks Rule and reports a bad one
// at Line and Column.
type LintRule struct {
	// Rule is the rule's code or name as written.
	Rule string
	// Severity is off, note, warning or error.
	Severity string
	// Line and Column locate the rule in the policy file.
	Line, Column int
}

func (l *loader) dialect(n *yaml.Node) string {
	s, ok := l.str(n, "dialect")
	if !ok {
		return ""
	}
	d, ok := dialectNames[strings.ToLower(s)]
	if !ok {
		l.fail(n, "dialect", "unknown dialect %q; expected postgres, mysql or sqlite", s)
		return ""
	}
	return d
}

// lint reads the lint section:
//
//	lint:
//	  rules:
//	    delete-soft-table: off
//	    TS005: error
func (l *loader) lint(n *yaml.Node) *LintConfig {
	kvs, ok := l.mapping(n, "lint")
	if !ok {
		return nil
	}
	c := &LintConfig{}
	for _, kv := range kvs {
		key := "lint." + kv.key
		switch kv.key {
		case "rules":
			rules, ok := l.mapping(kv.value, key)
			if !ok {
				continue
			}
			for _, r := range rules {
				rkey := key + "." + r.key
				line, col := position(r.keyNode)
				sev, ok := l.severity(r.value, rkey)
				if ok {
					c.Rules = append(c.Rules, LintRule{Rule: r.key, Severity: sev, Line: line, Column: col})
				}
			}
		default:
			l.fail(kv.keyNode, key, "unknown key; expected rules")
		}
	}
	return c
}

// severity reads off, note, warning or error. YAML 1.1 reads a bare off as
// false; that spelling is accepted too.
func (l *loader) severity(n *yaml.Node, key string) (string, bool) {
	n = l.plain(n, key)
	if n == nil {
		return "", false
	}
	var off bool
	if n.Kind == yaml.ScalarNode && n.ShortTag() == "!!bool" && n.Decode(&off) == nil && !off {
		return "off", true
	}
	s := ""
	if n.Kind == yaml.ScalarNode && n.ShortTag() == "!!str" {
		s = n.Value
	}
	switch s {
	case "off", "note", "warning", "error":
		return s, true
	}
	l.fail(n, key, "expected off, note, warning or error, found %s", describe(n))
	return "", false
}
