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
)
