package enforce

import (
	"context"
	"fmt"
	"log/slog"

	"github.com/tombstone-sql/tombstone/policy"
	"github.com/tombstone-sql/tombstone/rewrite"
	"github.com/tombstone-sql/tombstone/schema"
)

// This file is the schema-changes scope: DDL that drops or renames a
// governed table, the schema holding it, or its marker and key columns is
// refused unless the context allows it; allowed, it needs the role's
// change_schema permission, is logged, and is recorded in the audit trail.

// AllowSchemaChanges returns a context in which DDL may drop or rename
// governed tables, the schemas that hold them, and their tombstone and key
// columns: the scope of a migration run through tombstone.
func AllowSchemaChanges(ctx context.Context) context.Context {
	return derive(ctx, func(s *state) { s.schema = true })
}

// schemaChanges returns the governed tables a plan's allowed schema
// changes touch; all is set when one reaches tables it does not name (a
// schema, DROP OWNED) or the audit table.
func schemaChanges(pl *rewrite.Plan) (tables []*policy.Table, all bool) {
	seen := map[*policy.Table]bool{}
	for _, a := range pl.Actions {
		if a.Kind != rewrite.ChangeSchema {
			continue
		}
		if a.Table == nil {
			all = true
		} else if !seen[a.Table] {
			seen[a.Table] = true
			tables = append(tables, a.Table)
		}
	}
	return tables, all
}

// admitSchemaChange checks the role of a statement that changes the schema
// of governed tables and, when it is about to be sent, logs it and records
// it in the audit trail on the caller's connection (in its transaction,
// where there is one).
func (w *Wrapper) admitSchemaChange(ctx context.Context, c *Conn, st *state, d *Decision, sending bool, notes []Note) ([]Note, error) {
	if len(d.changes) == 0 && !d.changesAll {
		return notes, nil
	}
	if err := w.permit(st, func(r *policy.Role) bool { return r.ChangeSchema }, "change the schema of governed tables"); err != nil {
		if notes, err = w.refuse(ctx, st, d.fingerprint, nil, err, notes); err != nil {
			return nil, err
		}
	}
	if !sending {
		return notes, nil
	}
	names := make([]string, 0, len(d.changes)+1)
	for _, t := range d.changes {
		names = append(names, t.Name)
	}
	if d.changesAll {
		names = append(names, "*")
	}
	for _, n := range names {
		w.log.LogAttrs(ctx, slog.LevelWarn, "tombstone schema change", append(w.attrs(st, d.fingerprint, nil, nil), slog.String("table", n))...)
	}
	if w.policy.Audit == nil {
		return notes, nil
	}
	q := schema.SchemaChanged(w.policy, w.dialect)
	for _, n := range names {
		if err := c.S.Exec(ctx, q, actor(st), reason(st), n); err != nil {
			return nil, fmt.Errorf("tombstone: recording the schema change of %s in the audit trail: %w", n, err)
		}
	}
	return notes, nil
}
