// Package suppress checks where //tombstone:ignore applies: on any line of
// the call, or alone on the line above it.
package suppress

import "database/sql"

func f(db *sql.DB) {
	db.Exec("DELETE FROM invoices") //tombstone:ignore TS003 a trailing comment covers its own line
	db.Exec("DELETE FROM invoices") // want `TS003`
	//tombstone:ignore TS003 alone on its line, it covers the line below
	db.Exec("DELETE FROM invoices")
	x := 1                          //tombstone:ignore TS003 after code, it covers its own line only // want `TS006`
	db.Exec("DELETE FROM invoices") // want `TS003`
	_ = x
	db.Exec(
		"DELETE FROM invoices", //tombstone:ignore TS003 any line of the call
	)
	if x > 0 { //tombstone:ignore TS003 after code again // want `TS006`
		db.Exec("DELETE FROM invoices") // want `TS003`
	}
}
