package rewrite

import "github.com/tombstone-sql/tombstone/policy"

// Table returns the policy rule governing the reference, or nil for an
// ungoverned table; it is set once the reference has been planned.
func (r *Ref) Table() *policy.Table { return r.table }
