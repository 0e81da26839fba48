package tombstone_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/tombstone-sql/tombstone"
)

// TestSchemaChangesRefused: DDL that drops or renames a governed table,
// the schema or database holding it, or its tombstone or key column is
// refused outside the schema-changes scope, and with it by a role without
// change_schema; the tables are untouched.
func TestSchemaChangesRefused(t *testing.T) {
	ddl := map[string][]string{
		"postgres": {
			"DROP TABLE invoices",
			"DROP TABLE IF EXISTS leads CASCADE",
			"ALTER TABLE customers RENAME TO cx",
			"ALTER TABLE customers RENAME COLUMN deleted_at TO gone_at",
			"ALTER TABLE customers DROP COLUMN deleted_at",
			"ALTER TABLE customers ALTER COLUMN id TYPE bigint",
			"ALTER TABLE invoices SET SCHEMA public",
			"ALTER TABLE leads DISABLE TRIGGER ALL",
			"DROP SCHEMA %s CASCADE",
		},
		"mysql": {
			"DROP TABLE invoices",
			"RENAME TABLE customers TO cx",
			"ALTER TABLE customers RENAME TO cx",
			"ALTER TABLE customers CHANGE deleted_at gone_at datetime(6)",
			"ALTER TABLE customers MODIFY deleted_at varchar(40)",
			"ALTER TABLE customers DROP COLUMN deleted_at",
			"ALTER TABLE customers RENAME COLUMN id TO cid",
			"DROP DATABASE %s",
		},
		"sqlite": {
			"DROP TABLE invoices",
			"ALTER TABLE customers RENAME TO cx",
			"ALTER TABLE customers RENAME COLUMN deleted_at TO gone_at",
			"ALTER TABLE \"customers\" DROP COLUMN deleted_at",
		},
	}
	current := map[string]string{"postgres": "SELECT current_schema()", "mysql": "SELECT DATABASE()"}
	forEach(t, func(t *testing.T, d string) {
		e := newEnv(t, d, envOptions{})
		bg := context.Background()
		before := snapshot(t, e)
		manager := tombstone.WithActor(tombstone.WithRole(bg, "manager"), "kim", "cleanup")
		for _, q := range ddl[d] {
			if strings.Contains(q, "%s") {
				q = strings.Replace(q, "%s", names(t, bg, e.raw, current[d])[0], 1)
			}
			if _, err := e.db.ExecContext(manager, q); !errors.Is(err, tombstone.ErrSchemaChange) {
				t.Errorf("%s: err = %v, want ErrSchemaChange", q, err)
			}
			if _, err := e.db.ExecContext(tombstone.AllowSchemaChanges(manager), q); !errors.Is(err, tombstone.ErrForbidden) {
				t.Errorf("%s in the schema-changes scope as manager: err = %v, want ErrForbidden", q, err)
			}
		}
		if diff := cmp.Diff(before, snapshot(t, e)); diff != "" {
			t.Errorf("the governed tables changed (-before +after):\n%s", diff)
		}
		for _, row := range auditTrail(t, e) {
			if strings.Contains(row, "schema_change") {
				t.Errorf("a refused change was recorded: %s", row)
			}
		}
	})
}

// TestSchemaChangesAllowed: in the schema-changes scope a role with
// change_schema drops and renames governed tables and columns; each change
// is recorded in the audit trail under the context's actor.
func TestSchemaChangesAllowed(t *testing.T) {
	p := storePolicy(t, func(s string) string {
		return strings.Replace(s, "roles:\n", "roles:\n  migrator: {change_schema: true}\n", 1)
	})
	forEach(t, func(t *testing.T, d string) {
		e := newEnv(t, d, envOptions{policy: p})
		ctx := tombstone.AllowSchemaChanges(tombstone.WithActor(tombstone.WithRole(context.Background(), "migrator"), "ops", "v2"))
		for _, q := range []string{
			"ALTER TABLE support_tickets RENAME COLUMN deleted_at TO removed_at",
			"DROP TABLE leads",
			"ALTER TABLE customers ADD COLUMN note text",
		} {
			if _, err := e.db.ExecContext(ctx, q); err != nil {
				t.Fatalf("%s: %v", q, err)
			}
		}
		want := []string{"ops|v2|schema_change|support_tickets|", "ops|v2|schema_change|leads|"}
		if diff := cmp.Diff(want, auditTrail(t, e)); diff != "" {
			t.Errorf("audit trail (-want +got):\n%s", diff)
		}
		if _, err := e.raw.Exec("SELECT removed_at FROM support_tickets"); err != nil {
			t.Errorf("the column was not renamed: %v", err)
		}
		if _, err := e.raw.Exec("SELECT count(*) FROM leads"); err == nil {
			t.Error("leads was not dropped")
		}
	})
}

// snapshot is every governed table's rows and columns, read raw.
func snapshot(t *testing.T, e *env) map[string][]string {
	t.Helper()
	out := map[string][]string{}
	for _, q := range []string{
		"SELECT " + concat(e.dialect, "CAST(id AS CHAR(20))", "'|'", "name", "'|'", "COALESCE(CAST(deleted_at AS CHAR(40)), '')") + " FROM customers ORDER BY id",
		"SELECT CAST(id AS CHAR(20)) FROM invoices ORDER BY id",
		"SELECT CAST(id AS CHAR(20)) FROM leads ORDER BY id",
	} {
		if e.dialect == "postgres" {
			q = strings.ReplaceAll(q, "AS CHAR(20)", "AS text")
			q = strings.ReplaceAll(q, "AS CHAR(40)", "AS text")
		}
		out[q] = names(t, context.Background(), e.raw, q)
	}
	return out
}
