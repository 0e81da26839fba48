package postgres

import (
	"strconv"

	"github.com/tombstone-sql/tombstone/policy"
)

// DeletedWithin renders the restore window's test on PostgreSQL's clock:
// CURRENT_TIMESTAMP is the transaction's start, a keyword no function or
// search path can shadow.
func (Dialect) DeletedWithin(m policy.Marker, col string, hours int) string {
	return since(m, col, ">", hours)
}

// DeletedBefore renders the test that the window has ended, on the same
// clock: the exact complement of DeletedWithin for a time.
func (Dialect) DeletedBefore(m policy.Marker, col string, hours int) string {
	return since(m, col, "<=", hours)
}

func since(m policy.Marker, col, op string, hours int) string {
	if m == policy.Unix {
		return col + " " + op + " CAST(FLOOR(EXTRACT(EPOCH FROM CURRENT_TIMESTAMP)) AS bigint) - " + strconv.Itoa(hours*3600)
	}
	return col + " " + op + " CURRENT_TIMESTAMP - INTERVAL '" + strconv.Itoa(hours) + " hours'"
}
