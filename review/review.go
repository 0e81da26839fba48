// Package review reads a live database against its policy: Gather counts
// what the policy's rules have left in each table and what the audit trail
// says happened month by month (the storage and restore review the team
// holds after a few months), and Doctor checks that the database is set up
// the way the policy needs (tables, tombstone columns, live-only unique
// keys, audit table and triggers, foreign keys, personal columns).
//
// Both only read, on a plain connection (not one opened through
// tombstone, which would hide the tombstones they count), on the
// database's own clock and catalog.
package review

import (
	"database/sql"
	"errors"
	"fmt"

	"github.com/tombstone-sql/tombstone"
)

// Errors; match them with errors.Is.
var (
	// ErrDialect refuses a dialect tombstone does not know.
	ErrDialect = errors.New("review: unknown dialect")
	// ErrEnforced refuses a database opened through tombstone: its reads
	// see live rows only, so tombstones would not be counted.
	ErrEnforced = errors.New("review: the database is opened through tombstone")
	// ErrMonths refuses a review period outside 1 to 120 months.
	ErrMonths = errors.New("review: months out of range")
)

// plain refuses a database opened through tombstone.
func plain(db *sql.DB) error {
	if _, ok := db.Driver().(*tombstone.Driver); ok {
		return fmt.Errorf("%w: its reads see live rows only; open it with the plain driver (dburl.OpenPlain, sql.Open) so tombstones are counted", ErrEnforced)
	}
	return nil
}
