package lifecycle_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
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

// TestEraseCanceled: a context canceled between two tables of an erasure
// rolls every table back, writes no audit row and no log entry, and
// leaves no erase action behind on the pool's connection: the next
// delete through the driver is audited as a tombstoning.
func TestEraseCanceled(t *testing.T) {
	for _, e := range storeDBs(t, moreRows) {
		t.Run(e.dialect, func(t *testing.T) {
			before := e.dump(t)
			e.enf.SetMaxOpenConns(1)
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			reset := lifecycle.SetEraseHook(func(table string) error {
				if table == "customers" {
					cancel()
				}
				return nil
			})
			log := filepath.Join(t.TempDir(), "erasures.log")
			_, err := lifecycle.Erase(ctx, e.enf, e.p, e.dialect, maya, append(privacy(), lifecycle.WithLog(log))...)
			reset()
			if !errors.Is(err, context.Canceled) {
				t.Fatalf("erase canceled between tables: %v, want context.Canceled", err)
			}
			if diff := cmp.Diff(before.cells(), e.dump(t).cells()); diff != "" {
				t.Errorf("a canceled erasure changed the tables (-before +after):\n%s", diff)
			}
			if _, err := os.Stat(log); !errors.Is(err, os.ErrNotExist) {
				t.Errorf("a canceled erasure wrote its log: %v", err)
			}
			// Ana's row, deleted through the driver on the same connection.
			if _, err := e.enf.ExecContext(manager("mallory"), "DELETE FROM customers WHERE id = 2"); err != nil {
				t.Fatal(err)
			}
			want := []string{`mallory|asked|tombstone|customers|{"id":2}`}
			if diff := cmp.Diff(want, e.trail(t, len(before["tombstone_audit"].rows))); diff != "" {
				t.Errorf("audit rows after the canceled erasure (-want +got):\n%s", diff)
			}
		})
	}
}
