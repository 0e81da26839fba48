package tombstone_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"

	"github.com/tombstone-sql/tombstone"
)

// TestConcurrentScopes: 64 goroutines on one pool mix inserts, reads,
// deletes, widened scopes, forbidden scopes, restores and purges; every
// goroutine checks that its tombstoned rows never come back by default.
func TestConcurrentScopes(t *testing.T) {
	t.Run("database-sql", concurrentScopes)
	t.Run("pgx-native", func(t *testing.T) { asNative(t, concurrentScopes) })
}

func concurrentScopes(t *testing.T) {
	e := newEnv(t, "postgres", envOptions{})
	e.db.SetMaxOpenConns(16)
	bg := context.Background()
	var wg sync.WaitGroup
	errs := make(chan error, 64)
	for g := 0; g < 64; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			fail := func(format string, args ...any) {
				errs <- fmt.Errorf("goroutine %d: "+format, append([]any{g}, args...)...)
			}
			actor := tombstone.WithActor(bg, fmt.Sprintf("worker-%d", g), "race test")
			agent := tombstone.WithRole(actor, "agent")
			manager := tombstone.WithRole(actor, "manager")
			privacy := tombstone.WithRole(actor, "privacy")
			for i := 0; i < 5; i++ {
				id := 1000 + g*10 + i
				if _, err := e.db.ExecContext(agent, "INSERT INTO customers (id, name, email, created_at) VALUES ($1, $2, $3, now())", id, "w", fmt.Sprintf("w%d@example.com", id)); err != nil {
					fail("insert: %v", err)
					return
				}
				if _, err := e.db.ExecContext(agent, "DELETE FROM customers WHERE id = $1", id); err != nil {
					fail("delete: %v", err)
					return
				}
				var n int
				if err := e.db.QueryRowContext(agent, "SELECT count(*) FROM customers WHERE id = $1", id).Scan(&n); err != nil || n != 0 {
					fail("deleted row %d visible by default (count %d, err %v)", id, n, err)
				}
				if err := e.db.QueryRowContext(tombstone.OnlyDeleted(manager, "customers"), "SELECT count(*) FROM customers WHERE id = $1", id).Scan(&n); err != nil || n != 1 {
					fail("manager does not see tombstone %d (count %d, err %v)", id, n, err)
				}
				if _, err := e.db.QueryContext(tombstone.WithDeleted(agent, "customers"), "SELECT 1 FROM customers"); !errors.Is(err, tombstone.ErrForbidden) {
					fail("agent widened scope: %v", err)
				}
				switch i % 3 {
				case 0: // restore, then tombstone again
					if _, err := e.db.ExecContext(tombstone.OnlyDeleted(manager, "customers"), "UPDATE customers SET deleted_at = NULL WHERE id = $1", id); err != nil {
						fail("restore: %v", err)
					}
					if err := e.db.QueryRowContext(agent, "SELECT count(*) FROM customers WHERE id = $1", id).Scan(&n); err != nil || n != 1 {
						fail("restored row %d not visible (count %d, err %v)", id, n, err)
					}
					if _, err := e.db.ExecContext(agent, "DELETE FROM customers WHERE id = $1", id); err != nil {
						fail("delete again: %v", err)
					}
				case 1: // purge
					if _, err := e.db.ExecContext(tombstone.HardDelete(tombstone.OnlyDeleted(privacy, "customers")), "DELETE FROM customers WHERE id = $1", id); err != nil {
						fail("purge: %v", err)
					}
				}
				if err := e.db.QueryRowContext(actor, "SELECT count(*) FROM customers WHERE id >= 1000 AND id = $1", id).Scan(&n); err != nil || n != 0 {
					fail("row %d visible at the end (count %d, err %v)", id, n, err)
				}
			}
		}(g)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	var live, tombs int
	if err := e.raw.QueryRow("SELECT count(*) FILTER (WHERE deleted_at IS NULL), count(*) FILTER (WHERE deleted_at IS NOT NULL) FROM customers WHERE id >= 1000").Scan(&live, &tombs); err != nil {
		t.Fatal(err)
	}
	// Of each goroutine's 5 rows, i=1 and i=4 were purged; the rest are
	// tombstones.
	if live != 0 || tombs != 64*3 {
		t.Errorf("%d live and %d tombstoned rows left, want 0 and %d", live, tombs, 64*3)
	}
}
