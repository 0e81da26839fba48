package rewrite

import "github.com/tombstone-sql/tombstone/policy"

// Table returns the policy rule governing the reference, or nil for an
// ungoverned table; it is set once the reference has been planned.
func (r *Ref) Table() *policy.Table { return r.table }

// SetsMarker reports whether the reference is an UPDATE target (of an
// UPDATE, a MERGE or a data-modifying CTE, joined or not) whose SET list
// assigns its governed table's tombstone column: a restore, or a new
// deletion time. It is set once the reference has been planned, by the
// dialect's rule for column names; an UPDATE of other columns is false.
func (r *Ref) SetsMarker() bool { return r.marks }
