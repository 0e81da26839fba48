// Package nopolicy has no tombstone.yaml above it (the tests' policy is in
// lint/testdata/policy), so nothing is reported.
package nopolicy

import "database/sql"

func f(db *sql.DB) { db.Query("SELECT * FROM customers") }
