package lifecycle_test

import (
	"errors"
	"testing"

	"github.com/tombstone-sql/tombstone/lifecycle"
	"github.com/tombstone-sql/tombstone/policy"
)

// TestGenerated: the generated NewTombstoneHandles refuses a policy that
// no longer governs a table the way the code was generated from, naming
// the table, its line and each difference.
func TestGenerated(t *testing.T) {
	p, err := policy.Parse("tombstone.yaml", []byte(`version: 1
tables:
  customers: {delete: soft, column: deleted_at}
  order_lines: {delete: soft, column: gone, marker: unix, key: [order_id, n]}
  invoices: {delete: retain, retention: 1y, age_column: created_at}
`))
	if err != nil {
		t.Fatal(err)
	}
	if tbl, err := lifecycle.Generated(p, "customers", "deleted_at", "timestamp", "id"); err != nil || tbl != p.Table("customers") {
		t.Fatalf("the same rule: %v, %v", tbl, err)
	}
	for _, tt := range []struct {
		name, table, column, marker string
		key                         []string
		want                        string
	}{
		{"column", "customers", "removed_at", "timestamp", []string{"id"},
			"lifecycle: the policy differs from the one the code was generated from: in tombstone.yaml, customers (line 3): its tombstone column is deleted_at, not removed_at; regenerate (tombstone gen)"},
		{"marker and key", "order_lines", "gone", "timestamp", []string{"order_id"},
			"lifecycle: the policy differs from the one the code was generated from: in tombstone.yaml, order_lines (line 4): its marker is unix, not timestamp; its key is (order_id, n), not (order_id); regenerate (tombstone gen)"},
		{"rule", "invoices", "deleted_at", "timestamp", []string{"id"},
			"lifecycle: the policy differs from the one the code was generated from: in tombstone.yaml, invoices (line 5): its rule is retain, not soft; regenerate (tombstone gen)"},
		{"gone", "tickets", "deleted_at", "timestamp", []string{"id"},
			"lifecycle: the policy differs from the one the code was generated from: tombstone.yaml does not govern tickets; regenerate (tombstone gen) or add the table back"},
	} {
		_, err := lifecycle.Generated(p, tt.table, tt.column, tt.marker, tt.key...)
		if !errors.Is(err, lifecycle.ErrRegenerate) || err.Error() != tt.want {
			t.Errorf("%s: err = %v\nwant %s", tt.name, err, tt.want)
		}
	}
}
