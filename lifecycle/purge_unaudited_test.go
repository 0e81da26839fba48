package lifecycle_test

import (
	"context"
	"testing"

	"github.com/tombstone-sql/tombstone/lifecycle"
)

// TestPurgeWithoutAuditTrail: a policy without an audit trail has no
// triggers to tell the action, so Purge deletes the tombstone and nothing
// else, on every server (SQLite connections then have no session table
// for the action at all).
func TestPurgeWithoutAuditTrail(t *testing.T) {
	const unaudited = `version: 1
tables:
  customers: {delete: soft, column: deleted_at}
  tickets: {delete: soft, column: deleted_at}
  order_lines: {delete: soft, column: deleted_unix, marker: unix, key: [order_id, n]}
`
	for _, e := range databasesWith(t, unaudited) {
		t.Run(e.dialect, func(t *testing.T) {
			e.exec(t, "INSERT INTO customers (id, name) VALUES (1, 'Maya'), (2, 'Sam')")
			ctx := context.Background()
			if _, err := e.enf.ExecContext(ctx, "DELETE FROM customers WHERE id = 1"); err != nil {
				t.Fatal(err)
			}
			if err := lifecycle.Purge(ctx, e.enf, e.dialect, e.p.Table("customers"), lifecycle.Key{"id": 1}); err != nil {
				t.Fatalf("purge: %v", err)
			}
			var ids []int
			rows, err := e.plain.Query("SELECT id FROM customers ORDER BY id")
			if err != nil {
				t.Fatal(err)
			}
			defer rows.Close()
			for rows.Next() {
				var id int
				if err := rows.Scan(&id); err != nil {
					t.Fatal(err)
				}
				ids = append(ids, id)
			}
			if len(ids) != 1 || ids[0] != 2 {
				t.Errorf("customers after the purge: %v, want [2]", ids)
			}
		})
	}
}
