package tombstone_test

import (
	"context"
	"errors"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/tombstone-sql/tombstone"
	tsqlite "github.com/tombstone-sql/tombstone/drivers/sqlite"
)

// TestAuditBothOrNeither injects a failure into the audit write: the
// delete it records must not happen either.
func TestAuditBothOrNeither(t *testing.T) {
	forEachDoor(t, func(t *testing.T, d string) {
		e := newEnv(t, d, envOptions{})
		ctx := tombstone.WithActor(context.Background(), "alex", "test")
		if _, err := e.raw.Exec("DROP TABLE tombstone_audit"); err != nil {
			t.Fatal(err)
		}
		if _, err := e.db.ExecContext(ctx, "DELETE FROM customers WHERE id = 1"); err == nil {
			t.Fatal("the delete succeeded although its audit row could not be written")
		}
		if got := names(t, ctx, e.db, "SELECT name FROM customers ORDER BY id"); !cmp.Equal(got, []string{"Maya", "Sam", "Lee"}) {
			t.Errorf("customers = %v: the failed delete left a trace", got)
		}
		if _, err := e.db.ExecContext(ctx, "DELETE FROM leads WHERE id = 301"); err == nil {
			t.Fatal("the hard delete succeeded although its audit row could not be written")
		}
		if got := names(t, ctx, e.raw, "SELECT email FROM leads ORDER BY id"); len(got) != 2 {
			t.Errorf("leads = %v: the failed hard delete removed a row", got)
		}
	})
}

// TestAuditInTransaction: audit rows share the transaction of the change.
func TestAuditInTransaction(t *testing.T) {
	forEachDoor(t, func(t *testing.T, d string) {
		e := newEnv(t, d, envOptions{})
		ctx := tombstone.WithActor(context.Background(), "alex", "tx")
		tx, err := e.db.BeginTx(ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := tx.ExecContext(ctx, "DELETE FROM customers WHERE id IN (1, 2)"); err != nil {
			t.Fatal(err)
		}
		if err := tx.Rollback(); err != nil {
			t.Fatal(err)
		}
		if got := auditTrail(t, e); len(got) != 0 {
			t.Errorf("rolled back delete left audit rows %v", got)
		}
		tx, err = e.db.BeginTx(ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := tx.ExecContext(ctx, "DELETE FROM customers WHERE id IN (1, 2)"); err != nil {
			t.Fatal(err)
		}
		if err := tx.Commit(); err != nil {
			t.Fatal(err)
		}
		want := []string{"alex|tx|tombstone|customers|{\"id\":1}", "alex|tx|tombstone|customers|{\"id\":2}"}
		if diff := cmp.Diff(want, auditTrail(t, e)); diff != "" {
			t.Errorf("audit trail (-want +got):\n%s", diff)
		}
	})
}

// TestRequireActor: with audit.require_actor, a delete without an actor is
// refused before anything is sent.
func TestRequireActor(t *testing.T) {
	p := storePolicy(t, func(s string) string { return strings.Replace(s, "require_actor: false", "require_actor: true", 1) })
	forEachDoor(t, func(t *testing.T, d string) {
		e := newEnv(t, d, envOptions{policy: p})
		bg := context.Background()
		if err := e.db.Ping(); err != nil {
			t.Fatal(err)
		}
		before := e.sent.Load()
		if _, err := e.db.ExecContext(bg, "DELETE FROM customers WHERE id = 1"); !errors.Is(err, tombstone.ErrNoActor) {
			t.Fatalf("err = %v, want ErrNoActor", err)
		}
		if n := e.sent.Load() - before; n != 0 {
			t.Errorf("sent %d statements, want 0", n)
		}
		// Tombstoning by hand is a delete too: the trigger refuses it.
		now := map[string]string{"postgres": "now()", "mysql": "NOW(6)", "sqlite": "CURRENT_TIMESTAMP"}[d]
		if _, err := e.db.ExecContext(bg, "UPDATE customers SET deleted_at = "+now+" WHERE id = 2"); err == nil || !strings.Contains(err.Error(), "no actor") {
			t.Errorf("a tombstoning UPDATE without an actor: err = %v, want the trigger's refusal", err)
		}
		if _, err := e.db.ExecContext(tombstone.WithActor(bg, "alex", ""), "DELETE FROM customers WHERE id = 1"); err != nil {
			t.Fatal(err)
		}
		if got := auditTrail(t, e); !cmp.Equal(got, []string{"alex||tombstone|customers|{\"id\":1}"}) {
			t.Errorf("audit = %v", got)
		}
		if got := names(t, bg, e.db, "SELECT name FROM customers ORDER BY id"); !cmp.Equal(got, []string{"Sam", "Lee"}) {
			t.Errorf("customers = %v", got)
		}
	})
}

// TestAuditNotInstalled: without tombstone migrate's triggers, deletes on
// audited tables are refused with ErrNoAudit; reads still work.
func TestAuditNotInstalled(t *testing.T) {
	for _, d := range []string{"postgres", "mysql"} {
		t.Run(d, func(t *testing.T) {
			e := newEnv(t, d, envOptions{bare: true})
			ctx := context.Background()
			if _, err := e.db.ExecContext(ctx, "DELETE FROM leads WHERE id = 301"); !errors.Is(err, tombstone.ErrNoAudit) {
				t.Fatalf("err = %v, want ErrNoAudit", err)
			}
			if got := names(t, ctx, e.raw, "SELECT email FROM leads"); len(got) != 2 {
				t.Errorf("leads = %v", got)
			}
		})
	}
}

// TestActorDoesNotLinger: the actor set for one caller's delete is cleared
// before the connection serves the next caller, so writes tombstone does
// not see (cascades, functions) never carry the wrong name.
func TestActorDoesNotLinger(t *testing.T) {
	show := map[string]string{
		"postgres": "SELECT coalesce(current_setting('tombstone.actor', true), '')",
		"mysql":    "SELECT coalesce(@tombstone_actor, '')",
		"sqlite":   "SELECT coalesce(actor, '') FROM temp.tombstone_session",
	}
	forEachDoor(t, func(t *testing.T, d string) {
		e := newEnv(t, d, envOptions{})
		e.db.SetMaxOpenConns(1)
		bg := context.Background()
		if _, err := e.db.ExecContext(tombstone.WithActor(bg, "alice", "ticket 1"), "DELETE FROM leads WHERE id = 301"); err != nil {
			t.Fatal(err)
		}
		if got := names(t, bg, e.db, show[d]); !cmp.Equal(got, []string{""}) {
			t.Errorf("the next caller's session holds actor %q", got)
		}
	})
}

// TestRefusedDeleteRecordedOnce: a refused delete is recorded when it is
// sent, not when it is prepared, and the record survives the caller's
// rollback, also after the transaction has written (SQLite's write lock).
func TestRefusedDeleteRecordedOnce(t *testing.T) {
	forEachDoor(t, func(t *testing.T, d string) {
		e := newEnv(t, d, envOptions{})
		ctx := tombstone.WithActor(context.Background(), "jo", "cleanup")
		if err := e.db.Prepare(ctx, "DELETE FROM invoices WHERE id = 101"); !errors.Is(err, tombstone.ErrRetained) {
			t.Fatalf("prepare: %v", err)
		}
		if got := auditTrail(t, e); len(got) != 0 {
			t.Errorf("preparing recorded %v", got)
		}
		tx, err := e.db.BeginTx(ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := tx.ExecContext(ctx, "UPDATE customers SET phone = NULL WHERE id = 2"); err != nil {
			t.Fatal(err)
		}
		if _, err := tx.ExecContext(ctx, "DELETE FROM invoices WHERE id = 101"); !errors.Is(err, tombstone.ErrRetained) {
			t.Fatalf("exec: %v", err)
		}
		if err := tx.Rollback(); err != nil {
			t.Fatal(err)
		}
		if got := auditTrail(t, e); !cmp.Equal(got, []string{"jo|cleanup|refused|invoices|"}) {
			t.Errorf("audit trail = %v", got)
		}
	})
}

// TestShadowKeepsTheAudit: in shadow mode statements go out as written,
// refusals of any kind are only logged, and the audit trail still names
// the actor.
func TestShadowKeepsTheAudit(t *testing.T) {
	forEachDoor(t, func(t *testing.T, d string) {
		e := newEnv(t, d, envOptions{opts: []tombstone.Option{tombstone.WithMode(tombstone.Shadow)}})
		ctx := tombstone.WithActor(tombstone.WithRole(context.Background(), "agent"), "alice", "shadow")
		if _, err := e.db.ExecContext(ctx, "DELETE FROM leads WHERE id = 301"); err != nil {
			t.Fatal(err)
		}
		if got := names(t, tombstone.WithDeleted(ctx, "customers"), e.db, "SELECT name FROM customers WHERE id = 1"); !cmp.Equal(got, []string{"Maya"}) {
			t.Errorf("forbidden scope in shadow mode: %v", got)
		}
		if got := auditTrail(t, e); !cmp.Equal(got, []string{"alice|shadow|hard_delete|leads|{\"id\":301}"}) {
			t.Errorf("audit trail = %v", got)
		}
	})
}

// TestSQLiteMigratesThroughTombstone: a fresh SQLite database can be
// created through the wrapper; audit triggers come when tables are written.
func TestSQLiteMigratesThroughTombstone(t *testing.T) {
	p := storePolicy(t, nil)
	db, err := tsqlite.OpenDB("file:"+filepath.Join(t.TempDir(), "fresh.db"), p, quiet())
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	setup(t, "sqlite", db, p, false)
	ctx := tombstone.WithActor(context.Background(), "alex", "fresh")
	if _, err := db.ExecContext(ctx, "DELETE FROM customers WHERE id = 2"); err != nil {
		t.Fatal(err)
	}
	if got := names(t, ctx, db, "SELECT name FROM customers ORDER BY id"); !cmp.Equal(got, []string{"Maya", "Lee"}) {
		t.Errorf("got %v", got)
	}
	var n int
	if err := db.QueryRow("SELECT count(*) FROM tombstone_audit WHERE actor = 'alex' AND row_key = '{\"id\":2}'").Scan(&n); err != nil || n != 1 {
		t.Errorf("audit rows = %d, %v", n, err)
	}
}

// TestCascadingForeignKeysLogged: a foreign key whose ON DELETE CASCADE
// would delete governed rows behind the policy is reported when tombstone
// first connects.
func TestCascadingForeignKeysLogged(t *testing.T) {
	forEachDoor(t, func(t *testing.T, d string) {
		var logs strings.Builder
		e := newEnv(t, d, envOptions{opts: []tombstone.Option{tombstone.WithLogger(slog.New(slog.NewTextHandler(&logs, nil)))}})
		ddl := map[string][]string{
			"postgres": {"CREATE TABLE regions (id int PRIMARY KEY)", "ALTER TABLE customers ADD COLUMN region_id int REFERENCES regions (id) ON DELETE CASCADE"},
			"mysql":    {"CREATE TABLE regions (id int PRIMARY KEY)", "ALTER TABLE customers ADD COLUMN region_id int, ADD FOREIGN KEY (region_id) REFERENCES regions (id) ON DELETE CASCADE"},
			"sqlite":   {"CREATE TABLE regions (id int PRIMARY KEY)", "ALTER TABLE customers ADD COLUMN region_id int REFERENCES regions (id) ON DELETE CASCADE"},
		}[d]
		for _, q := range ddl {
			if _, err := e.raw.Exec(q); err != nil {
				t.Fatalf("%s: %v", q, err)
			}
		}
		if err := e.db.Ping(); err != nil {
			t.Fatal(err)
		}
		for _, want := range []string{"tombstone found a foreign key that deletes governed rows behind the policy", "customers references=", "regions risk=", "soft table customers for good"} {
			if !strings.Contains(logs.String(), want) {
				t.Errorf("log lacks %q:\n%s", want, logs.String())
			}
		}
	})
}

// TestRefusedDeleteRecordedUnderLock: on SQLite a refused delete in a
// transaction is recorded at once on a connection of its own when the
// database is free, so another writer taking the lock before the caller's
// rollback does not cost the record.
func TestRefusedDeleteRecordedUnderLock(t *testing.T) {
	e := newEnv(t, "sqlite", envOptions{})
	ctx := tombstone.WithActor(context.Background(), "jo", "cleanup")
	tx, err := e.db.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tx.ExecContext(ctx, "DELETE FROM invoices WHERE id = 101"); !errors.Is(err, tombstone.ErrRetained) {
		t.Fatalf("exec: %v", err)
	}
	other, err := e.raw.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	if _, err := other.ExecContext(ctx, "BEGIN IMMEDIATE"); err != nil {
		t.Fatal(err)
	}
	if err := tx.Rollback(); err != nil {
		t.Fatal(err)
	}
	if _, err := other.ExecContext(ctx, "COMMIT"); err != nil {
		t.Fatal(err)
	}
	if got := auditTrail(t, e); !cmp.Equal(got, []string{"jo|cleanup|refused|invoices|"}) {
		t.Errorf("audit trail = %v", got)
	}
}
