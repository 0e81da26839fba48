package schema

import (
	"strings"

	"github.com/tombstone-sql/tombstone/policy"
)

// ActionErase is the audit trail's name for what a privacy erasure
// (tombstone erase) does to a row: its personal columns anonymized, or the
// row deleted. The erasure sets it with SetAction, like the expire job's
// actions; statement text sent through tombstone can never set it.
//
// While it is set, the triggers record the erasure's change of a row once,
// as erase: the anonymizing UPDATE's trigger records it, a delete's records
// it, and the tombstoning of a row the erasure just anonymized records
// nothing more.
//
// An erased row cannot be restored: the restore trigger refuses a row the
// audit trail holds an erase row for (same table, same key), whoever sends
// the UPDATE — lifecycle.Restore, tombstone restore, or an application's
// UPDATE in the only-deleted scope.
const ActionErase = "erase"

// ErasedMessage is the error the restore trigger raises for an erased row.
const ErasedMessage = "tombstone: the row was erased by a privacy erasure (audit action erase), so it can no longer be restored"

// notErasing is the condition that no erasure is under way in the
// transaction (the action it sets is not erase).
func (g *gen) notErasing() string {
	switch g.name {
	case "postgres":
		return "coalesce(current_setting('tombstone.action', true), '') <> '" + ActionErase + "'"
	case "mysql":
		return "COALESCE(@tombstone_action, '') <> '" + ActionErase + "'"
	}
	return "COALESCE((SELECT action FROM temp.tombstone_session), '') <> '" + ActionErase + "'"
}

// anonymizing is the condition of the personal-column trigger: the expire
// job anonymizes, or an erasure changes the row other than by tombstoning
// it (the erasure's anonymizing UPDATE; its tombstoning of the row
// afterwards records nothing more).
func (g *gen) anonymizing(t *policy.Table) string {
	action := map[string]string{
		"postgres": "current_setting('tombstone.action', true)",
		"mysql":    "@tombstone_action",
		"sqlite":   "(SELECT action FROM temp.tombstone_session)",
	}[g.name]
	if t.Rule != policy.Soft {
		return action + " IN ('" + ActionAnonymize + "', '" + ActionErase + "')"
	}
	return "(" + action + " = '" + ActionAnonymize + "' OR " + action + " = '" + ActionErase + "' AND NOT (" + g.becomes(t, "OLD.", "NEW.") + "))"
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
