// Package values holds SQL in constants and in variables assigned once. A
// fix at a declaration changes every use of the name: it is offered only
// when the name is not exported and every use is the SQL of a call that
// gets the same fix.
package values

import (
	"context"
	"database/sql"
	"fmt"
)

const onlyUse = "SELECT * FROM customers" // want `TS001`

const sameFix = "SELECT * FROM orders" // want `TS001`

const otherUse = "SELECT * FROM notes" // want `TS001`

const suppressedOnce = "SELECT * FROM support_tickets" // want `TS001`

// ExportedQuery may be used by other packages.
const ExportedQuery = "SELECT * FROM leads l JOIN customers c ON c.id = l.id" // want `TS001`

const base = "SELECT * FROM customers"

const withLimit = base + " LIMIT 1"

var pkgQuery = "SELECT * FROM customers c" // want `TS001`

// Exported is a variable another package may change: not constant SQL.
var Exported = "SELECT * FROM customers"

var reassigned = "SELECT * FROM customers"

func init() { reassigned = "SELECT 1" }

func f(ctx context.Context, db *sql.DB, n int) {
	db.QueryContext(ctx, onlyUse)
	db.QueryContext(ctx, sameFix)
	db.QueryRowContext(ctx, sameFix)
	db.QueryContext(ctx, otherUse)
	fmt.Println(otherUse)
	db.QueryContext(ctx, suppressedOnce) //tombstone:ignore TS001 the restore screen lists tombstones
	db.QueryContext(ctx, suppressedOnce)
	db.QueryContext(ctx, ExportedQuery)
	db.QueryContext(ctx, withLimit) // want `TS001`
	db.QueryContext(ctx, pkgQuery)
	db.QueryContext(ctx, Exported)
	db.QueryContext(ctx, reassigned)

	query := "SELECT * FROM customers WHERE id = $1" // want `TS001`
	db.QueryContext(ctx, query, 1)

	changed := "SELECT * FROM orders"
	if n > 0 {
		changed += " LIMIT 1"
	}
	db.QueryContext(ctx, changed)

	addressed := "SELECT * FROM orders"
	fmt.Sscan("x", &addressed)
	db.QueryContext(ctx, addressed)

	var declared = "DELETE FROM invoices" // want `TS003`
	db.ExecContext(ctx, declared)

	for _, q := range []string{"SELECT * FROM customers"} {
		db.QueryContext(ctx, q)
	}
}
