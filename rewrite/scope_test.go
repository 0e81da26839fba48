package rewrite_test

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/tombstone-sql/tombstone/policy"
	"github.com/tombstone-sql/tombstone/rewrite"
	"github.com/tombstone-sql/tombstone/rewrite/postgres"
)

// TestCheckScope: a scope names soft tables of the policy, or "*"; every
// other name is refused with ErrScope, the message naming it, the nearest
// soft table when it looks like a typo, and the soft tables to choose
// from.
func TestCheckScope(t *testing.T) {
	p, err := policy.Parse("tombstone.yaml", []byte(`version: 1
tables:
  customers: {delete: soft, column: deleted_at}
  support_tickets: {delete: soft, column: deleted_at}
  invoices: {delete: retain, retention: 7y}
`))
	if err != nil {
		t.Fatal(err)
	}
	rw := rewrite.New(p, postgres.Dialect{})
	const choose = `the soft tables are customers, support_tickets, or "*" for all`
	long := string(make([]byte, 200))
	tests := []struct {
		name  string
		scope rewrite.Scope
		want  string // "" when fine
	}{
		{"soft tables", rewrite.Scope{WithDeleted: []string{"customers"}, OnlyDeleted: []string{"SUPPORT_TICKETS"}}, ""},
		{"every table", rewrite.Scope{OnlyDeleted: []string{"*"}}, ""},
		{"default", rewrite.Scope{}, ""},
		{"typo", rewrite.Scope{OnlyDeleted: []string{"custmers"}}, `tombstone: bad scope: only-deleted "custmers": the policy does not govern a table named "custmers"; did you mean customers? (` + choose + `)`},
		{"typo, case", rewrite.Scope{WithDeleted: []string{"Support_Ticket"}}, `tombstone: bad scope: with-deleted "Support_Ticket": the policy does not govern a table named "Support_Ticket"; did you mean support_tickets? (` + choose + `)`},
		{"no near name", rewrite.Scope{WithDeleted: []string{"payroll"}}, `tombstone: bad scope: with-deleted "payroll": the policy does not govern a table named "payroll"; ` + choose},
		{"empty name", rewrite.Scope{WithDeleted: []string{""}}, `tombstone: bad scope: with-deleted "": the policy does not govern a table named ""; ` + choose},
		{"a retain table", rewrite.Scope{OnlyDeleted: []string{"invoices"}}, `tombstone: bad scope: only-deleted invoices: invoices is a retain table, which has no tombstones; ` + choose},
		{"both", rewrite.Scope{WithDeleted: []string{"customers"}, OnlyDeleted: []string{"customers"}}, "tombstone: bad scope: customers is both with-deleted and only-deleted; choose one"},
		{"a long name", rewrite.Scope{OnlyDeleted: []string{long}}, `tombstone: bad scope: only-deleted "` + escape(long) + `": the policy does not govern a table named "` + escape(long) + `"; ` + choose},
	}
	for _, tt := range tests {
		err := rw.CheckScope(tt.scope)
		var got string
		if err != nil {
			got = err.Error()
			if !errors.Is(err, rewrite.ErrScope) {
				t.Errorf("%s: %v is not ErrScope", tt.name, err)
			}
		}
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("%s (-want +got):\n%s", tt.name, diff)
		}
	}
}

func escape(s string) string {
	var b []byte
	for range s {
		b = append(b, `\x00`...)
	}
	return string(b)
}
