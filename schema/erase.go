package schema

import (
	"strings"

	"github.com/tombstone-sql/tombstone/policy"
	"github.com/tombstone-sql/tombstone/rewrite"
)

// ActionErase is the audit trail's name for what a privacy erasure
// (tombstone erase) does to a row: its personal columns anonymized, or the
// row deleted. The erasure sets it with SetAction, like the expire job's
// actions; statement text sent through tombstone can never set it.
//
// While it is set, the triggers record each row the erasure changes once,
// as erase: the tombstoning of a live row (after its anonymizing UPDATE,
// which records nothing), the anonymizing of a tombstone or of a retain
// table's record, a delete. A cascade's child the erasure's tombstoning
// reaches is recorded as erase too, and cannot be restored either.
//
// An erased row cannot be restored: the restore trigger refuses a row the
// audit trail holds an erase row for (same table, same key), whoever sends
// the UPDATE — lifecycle.Restore, tombstone restore, or an application's
// UPDATE in the only-deleted scope.
const ActionErase = "erase"

// ErasedMessage is the error the restore trigger raises for an erased row.
const ErasedMessage = "tombstone: the row was erased by a privacy erasure (audit action erase), so it can no longer be restored"

// anonymizing is the condition of the personal-column trigger: the expire
// job anonymizes, or an erasure anonymizes a row that stays what it was: a
// retain table's record, or a tombstone of a soft table. A live row the
// erasure anonymizes is recorded once, as erase, by the tombstone trigger
// when the erasure then tombstones it.
func (g *gen) anonymizing(t *policy.Table) string {
	action := map[string]string{
		"postgres": "current_setting('tombstone.action', true)",
		"mysql":    "@tombstone_action",
		"sqlite":   "(SELECT action FROM temp.tombstone_session)",
	}[g.name]
	if t.Rule != policy.Soft {
		return action + " IN ('" + ActionAnonymize + "', '" + ActionErase + "')"
	}
	return "(" + action + " = '" + ActionAnonymize + "' OR " + action + " = '" + ActionErase + "' AND NOT (" + rewrite.Predicate(t.Marker, "OLD."+g.q(t.Column), true) + "))"
}

// refuseErased is the statement, in the restore trigger's language, that
// refuses restoring a row the audit trail holds an erase row for; rowKey is
// the expression the trigger writes as the row's key, table the policy
// name as a literal.
func (g *gen) refuseErased(table, rowKey string) string {
	audit := g.audit
	if g.name == "sqlite" && !strings.Contains(g.p.Audit.Table, ".") {
		audit = "main." + audit
	}
	erased := "SELECT 1 FROM " + audit + " WHERE action = '" + ActionErase + "' AND table_name = " + table + " AND row_key = " + rowKey
	switch g.name {
	case "postgres":
		return "  IF act = 'restore' AND EXISTS (" + erased + ") THEN\n    RAISE EXCEPTION '" + ErasedMessage + "';\n  END IF;\n"
	case "mysql":
		return "IF EXISTS (" + erased + ") THEN SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = '" + ErasedMessage + "'; END IF; "
	}
	return "SELECT RAISE(ABORT, '" + ErasedMessage + "') WHERE EXISTS (" + erased + "); "
}

// erasedIndex is the index the restore trigger's look-up of erase rows
// uses: erasures are few, so (action, table_name) narrows a large audit
// trail to a table's erase rows.
func (g *gen) erasedIndex() Statement {
	return g.auditIndex("tombstone_audit_erased", "action, table_name",
		"The audit trail's erase rows, which the restore triggers look up: an erased row cannot be restored.")
}

// keyIndex is the index lifecycle.Tombstones' look-up of the listed rows'
// audit rows uses: (table_name, row_key) narrows a large audit trail to the
// rows of the listed keys, so the listing's work is bounded by its limit,
// not by the trail. MySQL/MariaDB index a TEXT column by a prefix.
func (g *gen) keyIndex() Statement {
	rowKey := "row_key"
	if g.name == "mysql" {
		rowKey = "row_key(255)"
	}
	return g.auditIndex("tombstone_audit_key", "table_name, "+rowKey,
		"The audit trail by table and row key, which the listing of tombstones looks up: its work is bounded by the rows it lists.")
}

// auditIndex is the statement that creates index name on the audit table's
// columns cols.
func (g *gen) auditIndex(index, cols, comment string) Statement {
	name := g.q(index)
	if g.name == "sqlite" {
		if schema, _, ok := strings.Cut(g.p.Audit.Table, "."); ok {
			name = g.q(schema) + "." + name
		}
	}
	on := g.audit
	if g.name == "sqlite" {
		on = g.q(g.p.Audit.Table[strings.LastIndex(g.p.Audit.Table, ".")+1:])
	}
	return Statement{
		Comment: comment,
		SQL:     "CREATE INDEX IF NOT EXISTS " + name + " ON " + on + " (" + cols + ")",
	}
}
