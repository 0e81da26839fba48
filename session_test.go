package tombstone_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/tombstone-sql/tombstone"
)

// TestActorCannotBeForged: statement text that writes the session state
// the audit triggers read (alone, before a delete in one string, inside the
// delete's WHERE or a CTE) is refused in every scope, and the audit trail
// names only the context's actor.
func TestActorCannotBeForged(t *testing.T) {
	forged := map[string][]string{
		"postgres": {
			"SELECT set_config('tombstone.actor', 'mallory', false)",
			"SET tombstone.actor = 'mallory'; DELETE FROM customers WHERE id = 2",
			"DELETE FROM customers WHERE id = 2 AND set_config('tombstone.actor', 'mallory', true) IS NOT NULL",
			"WITH f AS (SELECT set_config('tombstone.actor', 'mallory', true) AS a) DELETE FROM customers WHERE id = (SELECT 2 FROM f WHERE a IS NOT NULL)",
			"SELECT set_config('tombstone.' || 'actor', 'mallory', false)",
		},
		"mysql": {
			"SET @tombstone_actor = 'mallory'",
			"SET @tombstone_actor = 'mallory'; DELETE FROM customers WHERE id = 2",
			"DELETE FROM customers WHERE id = 2 AND (@tombstone_actor := 'mallory') IS NOT NULL",
			"SELECT 'mallory' INTO @`TOMBSTONE_ACTOR`",
		},
		"sqlite": {
			"UPDATE temp.tombstone_session SET actor = 'mallory'",
			"UPDATE temp.tombstone_session SET actor = 'mallory'; DELETE FROM customers WHERE id = 2",
			"INSERT INTO tombstone_audit (actor, action, table_name) VALUES ('mallory', 'tombstone', 'customers')",
		},
	}
	forged["postgres"] = append(forged["postgres"], "INSERT INTO tombstone_audit (actor, action, table_name) VALUES ('mallory', 'tombstone', 'customers')")
	forged["mysql"] = append(forged["mysql"], "UPDATE tombstone_audit SET actor = 'mallory'")
	forEach(t, func(t *testing.T, d string) {
		e := newEnv(t, d, envOptions{params: "multiStatements=true"})
		e.db.SetMaxOpenConns(1)
		ctx := tombstone.WithActor(tombstone.WithRole(context.Background(), "privacy"), "alex", "legit")
		if _, err := e.db.ExecContext(ctx, "DELETE FROM customers WHERE id = 1"); err != nil {
			t.Fatal(err)
		}
		for _, scope := range []context.Context{ctx, tombstone.WithDeleted(ctx, "*"), tombstone.HardDelete(ctx)} {
			for _, q := range forged[d] {
				if _, err := e.db.ExecContext(scope, q); !errors.Is(err, tombstone.ErrRefused) {
					t.Errorf("%s: err = %v, want ErrRefused", q, err)
				}
			}
		}
		if _, err := e.db.ExecContext(ctx, "DELETE FROM customers WHERE id = 3"); err != nil {
			t.Fatal(err)
		}
		// Refused deletes are recorded as refused, under the context's actor.
		var got []string
		for _, row := range auditTrail(t, e) {
			if strings.Contains(row, "mallory") {
				t.Errorf("audit row %q names the forged actor", row)
			}
			if !strings.Contains(row, "|refused|") {
				got = append(got, row)
			}
		}
		want := []string{"alex|legit|tombstone|customers|{\"id\":1}", "alex|legit|tombstone|customers|{\"id\":3}"}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("audit trail (-want +got):\n%s", diff)
		}
		if got := names(t, ctx, e.raw, "SELECT name FROM customers WHERE deleted_at IS NULL ORDER BY id"); !cmp.Equal(got, []string{"Sam"}) {
			t.Errorf("live customers = %v, want [Sam]: a forging statement ran", got)
		}
	})
}

// TestPoolOfOneCarriesNothing: with one pooled connection, a manager in a
// scope that shows tombstones tries every way of keeping what it reads in
// the session (temporary tables, settings, variables, cursors); the agent
// who gets the connection next never reads a tombstone.
func TestPoolOfOneCarriesNothing(t *testing.T) {
	type step struct{ store, read string }
	steps := map[string][]step{
		"postgres": {
			{"CREATE TEMP TABLE t AS SELECT name FROM customers", "SELECT name FROM t"},
			{"SELECT name INTO TEMP t2 FROM customers", "SELECT name FROM t2"},
			{"SELECT set_config('x.names', (SELECT string_agg(name, ',') FROM customers), false)", "SELECT current_setting('x.names', true)"},
			{"CREATE TEMP TABLE t3 (name text)", ""},
			{"INSERT INTO t3 SELECT name FROM customers", "SELECT name FROM t3"},
			{"UPDATE t3 SET name = (SELECT string_agg(name, ',') FROM customers)", "SELECT name FROM t3"},
			{"BEGIN; DECLARE c CURSOR FOR SELECT name FROM customers", "FETCH ALL FROM c"},
		},
		"mysql": {
			{"CREATE TEMPORARY TABLE t AS SELECT name FROM customers", "SELECT name FROM t"},
			{"SET @v = (SELECT GROUP_CONCAT(name) FROM customers)", "SELECT @v"},
			{"SELECT GROUP_CONCAT(name) INTO @v2 FROM customers", "SELECT @v2"},
			{"SELECT @v3 := name FROM customers WHERE id = 1", "SELECT @v3"},
			{"CREATE TEMPORARY TABLE t3 (name text)", ""},
			{"INSERT INTO t3 SELECT name FROM customers", "SELECT name FROM t3"},
		},
		"sqlite": {
			{"CREATE TEMP TABLE t AS SELECT name FROM customers", "SELECT name FROM t"},
			{"CREATE TEMP TABLE t3 (name text)", ""},
			{"INSERT INTO temp.t3 SELECT name FROM customers", "SELECT name FROM t3"},
			{"UPDATE t3 SET name = (SELECT group_concat(name) FROM customers)", "SELECT name FROM t3"},
		},
	}
	forEach(t, func(t *testing.T, d string) {
		e := newEnv(t, d, envOptions{})
		e.db.SetMaxOpenConns(1)
		bg := context.Background()
		if _, err := e.db.ExecContext(tombstone.WithActor(bg, "alex", "gone"), "DELETE FROM customers WHERE id = 1"); err != nil {
			t.Fatal(err)
		}
		manager := tombstone.WithDeleted(tombstone.WithRole(bg, "manager"), "customers")
		agent := tombstone.WithRole(bg, "agent")
		for _, s := range steps[d] {
			if s.read == "" {
				if _, err := e.db.ExecContext(agent, s.store); err != nil {
					t.Fatalf("%s: %v", s.store, err)
				}
				continue
			}
			_, err := e.db.ExecContext(manager, s.store)
			if err == nil {
				t.Errorf("%s: not refused in the with-deleted scope", s.store)
			} else if !errors.Is(err, tombstone.ErrRefused) {
				t.Errorf("%s: err = %v, want ErrRefused", s.store, err)
			}
			rows, err := e.db.QueryContext(agent, s.read)
			if err != nil {
				continue // nothing was kept to read
			}
			for rows.Next() {
				var v *string
				if err := rows.Scan(&v); err != nil {
					t.Fatal(err)
				}
				if v != nil && strings.Contains(*v, "Maya") {
					t.Errorf("after %s, the agent read a tombstone: %s = %q", s.store, s.read, *v)
				}
			}
			rows.Close()
		}
	})
}
