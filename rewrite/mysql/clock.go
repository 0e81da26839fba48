package mysql

import (
	"strconv"

	"github.com/tombstone-sql/tombstone/policy"
)

// DeletedWithin renders the restore window's test on the server's clock,
// in the units Mark writes: CURRENT_TIMESTAMP(6) for a DATETIME or
// TIMESTAMP marker, UNIX_TIMESTAMP() for a unix one.
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
		return col + " " + op + " UNIX_TIMESTAMP() - " + strconv.Itoa(hours*3600)
	}
	return col + " " + op + " CURRENT_TIMESTAMP(6) - INTERVAL " + strconv.Itoa(hours) + " HOUR"
}
