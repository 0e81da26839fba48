package tombstone_test

import (
	"context"
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/tombstone-sql/tombstone"
)

// TestStore runs the article's story on each server: deleting Maya
// tombstones her, reports stop counting her, a manager still sees her,
// the invoice is retained, the lead really goes, and the audit trail says
// who, why and which row, in the same transaction as each change.
func TestStore(t *testing.T) {
	forEach(t, func(t *testing.T, d string) {
		e := newEnv(t, d, envOptions{})
		bg := context.Background()
		alex := tombstone.WithRole(tombstone.WithActor(bg, "alex", "Maya asked"), "agent")

		res, err := e.db.ExecContext(alex, "DELETE FROM customers WHERE id = "+ph(d, 1), 1)
		if err != nil {
			t.Fatal(err)
		}
		if n, _ := res.RowsAffected(); n != 1 {
			t.Errorf("DELETE affected %d rows, want 1", n)
		}
		if got := names(t, bg, e.db, "SELECT name FROM customers ORDER BY id"); !cmp.Equal(got, []string{"Sam", "Lee"}) {
			t.Errorf("report = %v, want [Sam Lee]", got)
		}
		// The row is still there, tombstoned.
		if got := names(t, bg, e.raw, "SELECT name FROM customers WHERE deleted_at IS NOT NULL"); !cmp.Equal(got, []string{"Maya"}) {
			t.Errorf("tombstones = %v, want [Maya]", got)
		}
		// Deleting her again changes nothing: tombstones keep their marker.
		if res, err := e.db.ExecContext(alex, "DELETE FROM customers WHERE id = "+ph(d, 1), 1); err != nil {
			t.Fatal(err)
		} else if n, _ := res.RowsAffected(); n != 0 {
			t.Errorf("second DELETE affected %d rows, want 0", n)
		}
		manager := tombstone.WithRole(bg, "manager")
		if got := names(t, tombstone.OnlyDeleted(manager, "customers"), e.db, "SELECT name FROM customers"); !cmp.Equal(got, []string{"Maya"}) {
			t.Errorf("manager's deleted list = %v, want [Maya]", got)
		}
		if got := names(t, tombstone.WithDeleted(manager, "customers"), e.db, "SELECT name FROM customers ORDER BY id"); !cmp.Equal(got, []string{"Maya", "Sam", "Lee"}) {
			t.Errorf("manager with deleted = %v", got)
		}
		before := e.sent.Load()
		if _, err := e.db.QueryContext(tombstone.WithDeleted(alex, "customers"), "SELECT name FROM customers"); !errors.Is(err, tombstone.ErrForbidden) {
			t.Errorf("agent with deleted: err = %v, want ErrForbidden", err)
		}
		if _, err := e.db.ExecContext(tombstone.HardDelete(manager), "DELETE FROM customers WHERE id = 2"); !errors.Is(err, tombstone.ErrForbidden) {
			t.Errorf("manager hard delete: err = %v, want ErrForbidden", err)
		}
		if _, err := e.db.QueryContext(tombstone.WithRole(bg, "intern"), "SELECT name FROM customers"); !errors.Is(err, tombstone.ErrForbidden) {
			t.Errorf("unknown role: err = %v, want ErrForbidden", err)
		}
		if n := e.sent.Load() - before; n != 0 {
			t.Errorf("forbidden statements sent %d statements to the server, want 0", n)
		}
		// Restoring takes the restore permission, which the manager has.
		restore := "UPDATE customers SET deleted_at = NULL WHERE id = " + ph(d, 1)
		if _, err := e.db.ExecContext(tombstone.OnlyDeleted(tombstone.WithRole(bg, "agent"), "customers"), restore, 1); !errors.Is(err, tombstone.ErrForbidden) {
			t.Errorf("agent restore: err = %v, want ErrForbidden", err)
		}

		finance := tombstone.WithActor(bg, "jo", "cleanup")
		if _, err := e.db.ExecContext(finance, "DELETE FROM invoices WHERE customer_id = "+ph(d, 1), 1); !errors.Is(err, tombstone.ErrRetained) {
			t.Errorf("invoice delete: err = %v, want ErrRetained", err)
		}
		if got := names(t, bg, e.raw, "SELECT billing_name FROM invoices ORDER BY id"); len(got) != 2 {
			t.Errorf("invoices = %v, want both kept", got)
		}
		nightly := tombstone.WithActor(bg, "nightly", "leads expire")
		if res, err := e.db.ExecContext(nightly, "DELETE FROM leads WHERE created_at < '2026-08-29'"); err != nil {
			t.Fatal(err)
		} else if n, _ := res.RowsAffected(); n != 1 {
			t.Errorf("lead expiry affected %d rows, want 1", n)
		}
		if got := names(t, bg, e.raw, "SELECT email FROM leads"); !cmp.Equal(got, []string{"fresh@example.com"}) {
			t.Errorf("leads = %v", got)
		}
		if _, err := e.db.ExecContext(tombstone.OnlyDeleted(manager, "customers"), restore, 1); err != nil {
			t.Fatal(err)
		}
		if got := names(t, bg, e.db, "SELECT name FROM customers ORDER BY id"); !cmp.Equal(got, []string{"Maya", "Sam", "Lee"}) {
			t.Errorf("after restore = %v", got)
		}

		want := []string{
			"alex|Maya asked|tombstone|customers|{\"id\":1}",
			"jo|cleanup|refused|invoices|",
			"nightly|leads expire|hard_delete|leads|{\"id\":301}",
			// The manager's context names no actor: the restore is recorded
			// all the same.
			"||restore|customers|{\"id\":1}",
		}
		if diff := cmp.Diff(want, auditTrail(t, e)); diff != "" {
			t.Errorf("audit trail (-want +got):\n%s", diff)
		}
	})
}

// auditTrail returns the audit rows as actor|reason|action|table|key.
func auditTrail(t *testing.T, e *env) []string {
	t.Helper()
	return names(t, context.Background(), e.raw, "SELECT "+concat(e.dialect,
		"COALESCE(actor, '')", "'|'", "COALESCE(reason, '')", "'|'", "action", "'|'", "table_name", "'|'", "COALESCE(REPLACE(row_key, ' ', ''), '')")+
		" FROM tombstone_audit ORDER BY id")
}

func concat(dialect string, parts ...string) string {
	if dialect == "mysql" {
		s := "CONCAT("
		for i, p := range parts {
			if i > 0 {
				s += ", "
			}
			s += p
		}
		return s + ")"
	}
	s := ""
	for i, p := range parts {
		if i > 0 {
			s += " || "
		}
		s += p
	}
	return s
}

// TestUpsertCannotReviveTombstones: an upsert that conflicts with a
// tombstone on its primary key neither revives it nor reads it.
func TestUpsertCannotReviveTombstones(t *testing.T) {
	forEach(t, func(t *testing.T, d string) {
		e := newEnv(t, d, envOptions{})
		bg := context.Background()
		agent := tombstone.WithRole(tombstone.WithActor(bg, "alex", "test"), "agent")
		if _, err := e.db.ExecContext(agent, "DELETE FROM customers WHERE id = 3"); err != nil {
			t.Fatal(err)
		}
		switch d {
		case "mysql":
			_, err := e.db.ExecContext(agent, "INSERT INTO customers (id, name, email, created_at) VALUES (3, 'x', 'x@example.com', NOW()) ON DUPLICATE KEY UPDATE deleted_at = NULL")
			if !errors.Is(err, tombstone.ErrRefused) {
				t.Errorf("err = %v, want ErrRefused", err)
			}
		default:
			got := names(t, agent, e.db, "INSERT INTO customers (id, name, email, created_at) VALUES (3, 'x', 'x@example.com', '2026-01-01') ON CONFLICT (id) DO UPDATE SET deleted_at = NULL, name = 'revived' RETURNING email")
			if len(got) != 0 {
				t.Errorf("the upsert returned the tombstone's %v", got)
			}
		}
		if got := names(t, bg, e.db, "SELECT name FROM customers ORDER BY id"); !cmp.Equal(got, []string{"Maya", "Sam"}) {
			t.Errorf("customers = %v", got)
		}
		if got := names(t, bg, e.raw, "SELECT name FROM customers WHERE id = 3"); !cmp.Equal(got, []string{"Lee"}) {
			t.Errorf("the tombstone changed: %v", got)
		}
	})
}
