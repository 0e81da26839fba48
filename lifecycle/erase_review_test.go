package lifecycle_test

import (
	"context"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/tombstone-sql/tombstone"
	"github.com/tombstone-sql/tombstone/lifecycle"
	"github.com/tombstone-sql/tombstone/schema"
)

// TestEraseTriggersStay: SQL sent through the driver cannot switch off
// the triggers that keep an erased row from being restored. On
// PostgreSQL, session_replication_role = replica stops every ordinary
// trigger: a restore would go through, unaudited.
func TestEraseTriggersStay(t *testing.T) {
	for _, e := range storeDBs(t, moreRows) {
		if e.dialect != "postgres" {
			continue
		}
		t.Run(e.dialect, func(t *testing.T) {
			ctx := context.Background()
			if _, err := lifecycle.Erase(ctx, e.enf, e.p, e.dialect, maya, privacy()...); err != nil {
				t.Fatal(err)
			}
			after := e.dump(t)
			// One connection: a setting that got through would be
			// there for the restore below.
			e.enf.SetMaxOpenConns(1)
			for _, q := range []string{
				"SET session_replication_role = replica",
				"SET SESSION session_replication_role TO 'replica'",
				"SET LOCAL session_replication_role = replica",
				`SET "session_replication_role" = replica`,
				"SELECT set_config('session_replication_role', 'replica', false)",
				"RESET session_replication_role",
			} {
				if _, err := e.enf.ExecContext(manager("mallory"), q); err == nil {
					t.Errorf("sent through the driver: %s", q)
				} else if !strings.Contains(err.Error(), "session_replication_role") {
					t.Errorf("%s: refused with %v, which does not name session_replication_role", q, err)
				}
			}
			_, err := e.enf.ExecContext(tombstone.OnlyDeleted(manager("mallory"), "customers"), "UPDATE customers SET deleted_at = NULL WHERE id = 1")
			if err == nil || !strings.Contains(err.Error(), schema.ErasedMessage) {
				t.Errorf("restore of the erased row through the driver: %v, want the trigger's refusal", err)
			}
			if diff := cmp.Diff(after.cells(), e.dump(t).cells()); diff != "" {
				t.Errorf("the attempts changed the tables (-after erase +now):\n%s", diff)
			}
		})
	}
}
