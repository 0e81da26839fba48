package enforce

import (
	"context"
	"errors"
	"log/slog"

	"github.com/tombstone-sql/tombstone/policy"
)

// cascadeQueries list the foreign keys that delete child rows when a
// parent row goes (ON DELETE CASCADE), as child schema, child table,
// parent schema, parent table.
var cascadeQueries = map[string]string{
	"postgres": `SELECT cn.nspname, c.relname, pn.nspname, p.relname
  FROM pg_constraint k
  JOIN pg_class c ON c.oid = k.conrelid JOIN pg_namespace cn ON cn.oid = c.relnamespace
  JOIN pg_class p ON p.oid = k.confrelid JOIN pg_namespace pn ON pn.oid = p.relnamespace
 WHERE k.contype = 'f' AND k.confdeltype = 'c'`,
	"mysql": `SELECT CONSTRAINT_SCHEMA, TABLE_NAME, UNIQUE_CONSTRAINT_SCHEMA, REFERENCED_TABLE_NAME
  FROM information_schema.REFERENTIAL_CONSTRAINTS
 WHERE DELETE_RULE = 'CASCADE' AND CONSTRAINT_SCHEMA = DATABASE()`,
	"sqlite": `SELECT '', m.name, '', f."table"
  FROM sqlite_master m, pragma_foreign_key_list(m.name) f
 WHERE m.type = 'table' AND upper(f.on_delete) = 'CASCADE'`,
}

// checkCascades looks, once per connector, for foreign keys whose ON
// DELETE CASCADE deletes rows of governed tables behind the policy's back
// (the database deletes them; tombstone never sees a statement), and logs
// each one: make them ON DELETE RESTRICT, or delete the children first.
func (w *Wrapper) checkCascades(ctx context.Context, c Session) {
	q := cascadeQueries[w.dialect]
	if q == "" {
		return
	}
	rows, err := c.Strings(ctx, q)
	if err != nil {
		if !errors.Is(err, ErrUnsupported) {
			w.log.LogAttrs(ctx, slog.LevelWarn, "tombstone could not list the database's cascading foreign keys", slog.String("error", err.Error()))
		}
		return
	}
	for _, r := range rows {
		if len(r) < 4 {
			continue
		}
		child, _ := w.policy.Lookup(r[0], r[1])
		parent, _ := w.policy.Lookup(r[2], r[3])
		if msg := cascadeRisk(child, parent, w.dialect, w.policy.Audit != nil); msg != "" {
			w.log.LogAttrs(ctx, slog.LevelWarn, "tombstone found a foreign key that deletes governed rows behind the policy",
				slog.String("table", qualified(r[0], r[1])), slog.String("references", qualified(r[2], r[3])), slog.String("risk", msg))
		}
	}
}

// cascadeRisk says what an ON DELETE CASCADE from parent to child does to
// the policy, or "" when nothing.
func cascadeRisk(child, parent *policy.Table, dialect string, audited bool) string {
	if child == nil {
		return ""
	}
	switch {
	case child.Rule == policy.Retain:
		return "deleting a parent row deletes retained rows of " + child.Name
	case child.Rule == policy.Soft && (parent == nil || parent.Rule != policy.Soft):
		return "deleting a parent row deletes rows of soft table " + child.Name + " for good, tombstones and live rows alike"
	case child.Rule == policy.Soft:
		return "purging a tombstone of " + parent.Name + " deletes rows of soft table " + child.Name + " for good, live ones too"
	case child.Rule == policy.Hard && audited && dialect == "mysql":
		return "MySQL runs no triggers for foreign-key actions: rows of " + child.Name + " deleted this way leave no audit row"
	}
	return ""
}

func qualified(schema, name string) string {
	if schema == "" {
		return name
	}
	return schema + "." + name
}
