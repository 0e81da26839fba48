package lifecycle_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/tombstone-sql/tombstone/policy"
	"github.com/tombstone-sql/tombstone/schema"
)

// TestCascadePolicyFile: the cascades docs/lifecycle.md shows load as
// declared, a single-column key and a composite one, and tombstone migrate
// renders their DDL on every dialect.
func TestCascadePolicyFile(t *testing.T) {
	p, err := policy.Load("../testdata/policies/cascade.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, tb := range p.Tables {
		for _, c := range tb.Cascades {
			got = append(got, fmt.Sprintf("%s -> %s (%s)", tb.Name, c.Child.Name, strings.Join(c.Columns, ", ")))
		}
	}
	want := []string{"customers -> support_tickets (customer_id)", "orders -> order_lines (tenant_id, order_id)"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("cascades (-want +got):\n%s", diff)
	}
	for _, d := range []string{"postgres", "mysql", "sqlite"} {
		stmts, err := schema.Migrate(p, d)
		if err != nil {
			t.Fatalf("%s: %v", d, err)
		}
		var n int
		for _, s := range stmts {
			if s.Column == policy.CascadeColumn {
				n++
			}
		}
		if n != 2 {
			t.Errorf("%s: %d cascade columns added, want 2 (support_tickets, order_lines)", d, n)
		}
	}
}
