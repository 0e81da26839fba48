package lint

import (
	"encoding/json"
	"os"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestSchemaRules keeps the lint section of tombstone.schema.json in step
// with the rules: each code and name is a key with the rule's summary, and
// the keys' pattern takes exactly the codes and names in any case, as
// LookupRule does.
func TestSchemaRules(t *testing.T) {
	raw, err := os.ReadFile("../tombstone.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	var schema struct {
		Properties struct {
			Lint struct {
				Properties struct {
					Rules struct {
						Properties        map[string]struct{ Description string }
						PatternProperties map[string]any
					}
				}
			}
		}
	}
	if err := json.Unmarshal(raw, &schema); err != nil {
		t.Fatal(err)
	}
	rules := schema.Properties.Lint.Properties.Rules
	var want, got []string
	for _, r := range Rules {
		want = append(want, r.Code, r.Name)
		for _, k := range []string{r.Code, r.Name} {
			if d := rules.Properties[k].Description; !strings.HasPrefix(d, r.Summary+" (") {
				t.Errorf("schema description of %s = %q; want it to start with the rule's summary %q", k, d, r.Summary)
			}
		}
	}
	for k := range rules.Properties {
		got = append(got, k)
	}
	sort.Strings(want)
	sort.Strings(got)
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("lint.rules keys (-rules +schema):\n%s", diff)
	}
	if len(rules.PatternProperties) != 1 {
		t.Fatalf("lint.rules has %d patternProperties, want 1", len(rules.PatternProperties))
	}
	for pattern := range rules.PatternProperties {
		re, err := regexp.Compile(pattern)
		if err != nil {
			t.Fatal(err)
		}
		for _, k := range want {
			for _, s := range []string{k, strings.ToLower(k), strings.ToUpper(k), strings.ToUpper(k[:1]) + k[1:]} {
				if !re.MatchString(s) {
					t.Errorf("the pattern does not take %q, which LookupRule does", s)
				}
				if LookupRule(s) == nil {
					t.Fatalf("LookupRule(%q) = nil", s)
				}
			}
		}
		for _, s := range []string{"TS010", "TS00", "no-such-rule", "ts001x", " TS001", "missing-live-predicate-2", ""} {
			if re.MatchString(s) != (LookupRule(s) != nil) {
				t.Errorf("the pattern takes %q: %v; LookupRule: %v", s, re.MatchString(s), LookupRule(s) != nil)
			}
		}
	}
}
