package tombstone_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/tombstone-sql/tombstone"
)

// TestChangingTombstonesNeedsAJobsPermission: an UPDATE of a soft table's
// other columns in a scope that shows tombstones can change a tombstone's
// values, so a role that may only see deleted rows is refused; restore,
// purge (the expire job's anonymizing) or erase admits it, and the same
// UPDATE in the default scope, which reaches live rows only, needs none.
func TestChangingTombstonesNeedsAJobsPermission(t *testing.T) {
	forEachDoor(t, func(t *testing.T, d string) {
		p := storePolicy(t, func(s string) string {
			return strings.Replace(s, "  agent: {}\n", "  agent: {}\n  auditor: {see_deleted: true}\n", 1)
		})
		e := newEnv(t, d, envOptions{policy: p})
		ctx := context.Background()
		if _, err := e.db.ExecContext(tombstone.WithRole(ctx, "agent"), "DELETE FROM customers WHERE id = 2"); err != nil {
			t.Fatal(err)
		}
		update := "UPDATE customers SET phone = '+1-555-0000' WHERE id = 2"
		for _, tt := range []struct {
			role   string
			widen  bool
			refuse bool
		}{
			{"auditor", true, true},
			{"auditor", false, false},
			{"agent", false, false},
			{"manager", true, false},    // restore
			{"expire_job", true, false}, // purge
			{"privacy", true, false},    // erase, purge
		} {
			c := tombstone.WithRole(ctx, tt.role)
			if tt.widen {
				c = tombstone.OnlyDeleted(c, "customers")
			}
			_, err := e.db.ExecContext(c, update)
			if got := errors.Is(err, tombstone.ErrForbidden); got != tt.refuse {
				t.Errorf("%s (widened %v): err = %v, want refused %v", tt.role, tt.widen, err, tt.refuse)
			}
			if tt.refuse && err != nil && !strings.Contains(err.Error(), "change tombstones") {
				t.Errorf("%s: the refusal does not say what it needs: %v", tt.role, err)
			}
		}
		// The refused UPDATE changed nothing: the phone is what the
		// allowed ones set, and the tombstone is still one.
		var phone string
		var deleted bool
		if err := e.raw.QueryRow("SELECT phone, deleted_at IS NOT NULL FROM customers WHERE id = 2").Scan(&phone, &deleted); err != nil {
			t.Fatal(err)
		}
		if phone != "+1-555-0000" || !deleted {
			t.Errorf("customer 2: phone %q, deleted %v; want the update applied by the permitted roles and the row still a tombstone", phone, deleted)
		}
	})
}
