package enforce

import "errors"

// The refusals enforce makes itself; the root package re-exports them
// (tombstone.ErrForbidden, …) with the rewriter's.
var (
	// ErrForbidden refuses a scope or a change the context's role may not
	// use.
	ErrForbidden = errors.New("tombstone: forbidden")
	// ErrNoActor refuses a delete without an actor when the policy's audit
	// requires one (audit.require_actor).
	ErrNoActor = errors.New("tombstone: no actor")
	// ErrNoAudit refuses a delete on an audited table whose audit trail is
	// not installed in the database (see tombstone migrate).
	ErrNoAudit = errors.New("tombstone: audit trail not installed")
)
