package policy

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestParseLintSection(t *testing.T) {
	src := "version: 1\ndialect: PostgreSQL\ntables:\n  t: {delete: hard}\nlint:\n  rules:\n    delete-soft-table: off\n    TS005: error\n    unused-suppression: 'off'\n"
	p, err := Parse("p.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if p.Dialect != "postgres" {
		t.Errorf("Dialect = %q, want postgres", p.Dialect)
	}
	want := &LintConfig{Rules: []LintRule{
		{Rule: "delete-soft-table", Severity: "off", Line: 7, Column: 5},
		{Rule: "TS005", Severity: "error", Line: 8, Column: 5},
		{Rule: "unused-suppression", Severity: "off", Line: 9, Column: 5},
	}}
	if diff := cmp.Diff(want, p.Lint); diff != "" {
		t.Errorf("Lint (-want +got):\n%s", diff)
	}
}

func TestParseLintErrors(t *testing.T) {
	tests := []struct {
		name, yaml string
		want       []string
	}{
		{"bad dialect", "version: 1\ndialect: oracle\ntables:\n  t: {delete: hard}\n", []string{
			`p.yaml:2:10: dialect: unknown dialect "oracle"; expected postgres, mysql or sqlite`,
		}},
		{"bad severity", "version: 1\ntables:\n  t: {delete: hard}\nlint:\n  rules:\n    TS001: loud\n", []string{
			`p.yaml:6:12: lint.rules.TS001: expected off, note, warning or error, found "loud"`,
		}},
		{"unknown lint key", "version: 1\ntables:\n  t: {delete: hard}\nlint:\n  disable: [TS001]\n", []string{
			"p.yaml:5:3: lint.disable: unknown key; expected rules",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("p.yaml", []byte(tt.yaml))
			var list ErrorList
			if !errors.As(err, &list) {
				t.Fatalf("err = %v, want an ErrorList", err)
			}
			var got []string
			for _, e := range list {
				got = append(got, e.Error())
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("errors (-want +got):\n%s", diff)
			}
		})
	}
}
