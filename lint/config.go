package lint

import (
	"errors"
	"fmt"

	"github.com/tombstone-sql/tombstone/policy"
)

// Config says which rules run and how serious their findings are.
type Config struct {
	severity map[*Rule]Severity
}

// NewConfig returns the default settings changed by the policy's lint
// section (p may be nil). An unknown rule there is an error naming the
// policy file, line and column.
func NewConfig(p *policy.Policy) (*Config, error) {
	c := &Config{severity: map[*Rule]Severity{}}
	for _, r := range Rules {
		c.severity[r] = r.Severity
	}
	if p == nil || p.Lint == nil {
		return c, nil
	}
	var errs []error
	for _, lr := range p.Lint.Rules {
		if err := c.Set(lr.Rule, lr.Severity); err != nil {
			errs = append(errs, fmt.Errorf("%s:%d:%d: lint.rules.%s: %v", p.Source, lr.Line, lr.Column, lr.Rule, err))
		}
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...) // every unknown rule, one per line
	}
	return c, nil
}

// Set sets a rule's severity, or turns it off; rule is a code or a name.
func (c *Config) Set(rule, severity string) error {
	r := LookupRule(rule)
	if r == nil {
		return fmt.Errorf("unknown rule %q; rules are %s", rule, ruleList())
	}
	s, err := ParseSeverity(severity)
	if err != nil {
		return err
	}
	c.severity[r] = s
	return nil
}

// Severity returns a rule's severity; Off means the rule does not run.
func (c *Config) Severity(r *Rule) Severity { return c.severity[r] }

func ruleList() string {
	s := ""
	for i, r := range Rules {
		if i > 0 {
			s += ", "
		}
		s += r.Code + " " + r.Name
	}
	return s
}
