package tombstone

import (
	"errors"

	"github.com/tombstone-sql/tombstone/internal/enforce"
	"github.com/tombstone-sql/tombstone/rewrite"
)

// Errors tombstone returns instead of sending a statement; match them with
// errors.Is. Each error's message names the table and the rule.
var (
	// ErrRetained refuses a DELETE, TRUNCATE or REPLACE on a retain table.
	ErrRetained = rewrite.ErrRetained
	// ErrUnparsed refuses a statement tombstone cannot understand although
	// it may touch a governed table.
	ErrUnparsed = rewrite.ErrUnparsed
	// ErrRefused refuses a statement that would break the policy another
	// way: TRUNCATE or REPLACE of a soft table, a DELETE mixing soft and
	// other tables, an ambiguous table name.
	ErrRefused = rewrite.ErrRefused
	// ErrSchemaChange refuses DDL that drops or renames a governed table,
	// the schema holding it, or its tombstone or key columns, outside the
	// AllowSchemaChanges scope.
	ErrSchemaChange = rewrite.ErrSchemaChange
	// ErrScope refuses every statement of a context whose scope names a
	// table the policy does not govern as a soft table (a typo in
	// WithDeleted or OnlyDeleted, a hard table), or one table both with-
	// and only-deleted. The message names the table and the soft tables to
	// choose from.
	ErrScope = rewrite.ErrScope
	// ErrForbidden refuses a scope or a change the context's role may not
	// use.
	ErrForbidden = enforce.ErrForbidden
	// ErrNoActor refuses a delete without an actor when the policy's audit
	// requires one (audit.require_actor).
	ErrNoActor = enforce.ErrNoActor
	// ErrNoAudit refuses a delete on an audited table whose audit trail is
	// not installed in the database (see tombstone migrate).
	ErrNoAudit = enforce.ErrNoAudit
	// ErrWindowClosed refuses to restore a tombstone whose restore window
	// has ended; the message names the table, the key, when the row was
	// deleted and the window.
	ErrWindowClosed = errors.New("tombstone: restore window closed")
	// ErrNotDeleted refuses to restore a row that is live.
	ErrNotDeleted = errors.New("tombstone: row is not deleted")
	// ErrNoRow refuses to restore a key no row of the table has.
	ErrNoRow = errors.New("tombstone: no such row")
	// ErrEncoding refuses a connection whose server reads statements in a
	// character set tombstone does not read the same way (MySQL's GBK or
	// latin1, PostgreSQL's SJIS): see docs/threat-model.md.
	ErrEncoding = enforce.ErrEncoding
	// ErrDSN refuses a DSN whose tombstone parameters cannot be read: a
	// tombstone_policy named twice, a value that does not decode.
	ErrDSN = errors.New("tombstone: bad DSN")
)
