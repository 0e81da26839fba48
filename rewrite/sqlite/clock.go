package sqlite

import (
	"strconv"

	"github.com/tombstone-sql/tombstone/policy"
)

// DeletedWithin renders the restore window's test on SQLite's clock. A
// timestamp marker is compared as a time, not as text (julianday reads
// every format SQLite's date functions accept, and gives NULL for what is
// not a time, which no window holds).
func (Dialect) DeletedWithin(m policy.Marker, col string, hours int) string {
	return since(m, col, ">", hours)
}

// DeletedBefore renders the test that the window has ended, on the same
// clock: the exact complement of DeletedWithin for a time (NULL, never
// true, for what is not one).
func (Dialect) DeletedBefore(m policy.Marker, col string, hours int) string {
	return since(m, col, "<=", hours)
}

func since(m policy.Marker, col, op string, hours int) string {
	if m == policy.Unix {
		return col + " " + op + " CAST(strftime('%s','now') AS INTEGER) - " + strconv.Itoa(hours*3600)
	}
	return "julianday(" + col + ") " + op + " julianday('now', '-" + strconv.Itoa(hours) + " hours')"
}
