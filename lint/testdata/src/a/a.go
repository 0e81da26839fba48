package a

import (
	"context"
	"database/sql"

	"github.com/jackc/pgx/v5"
	"github.com/jmoiron/sqlx"
)

const listCustomers = "SELECT id, name FROM customers c WHERE c.active" // want `TS001 missing-live-predicate: soft table customers \(c\) is read without the live predicate`

const liveCustomers = `SELECT id FROM customers WHERE deleted_at IS NULL`

func queries(ctx context.Context, db *sql.DB, tx *sql.Tx, conn *pgx.Conn, ptx pgx.Tx, x *sqlx.DB, dynamic string) {
	db.Query("SELECT * FROM customers") // want `TS001 missing-live-predicate`
	db.QueryContext(ctx, listCustomers)
	db.QueryRowContext(ctx, liveCustomers)
	tx.Exec("DELETE FROM invoices WHERE id = $1", 1)        // want `TS003 delete-retain-table: DELETE on invoices refused`
	db.Exec("DELETE FROM customers WHERE id = $1", 1)       // want `TS004 delete-soft-table`
	db.Exec("UPDATE orders SET total = 0 WHERE id = $1", 1) // want `TS005 update-touches-tombstones`
	conn.Query(ctx, `SELECT o.id
		FROM orders o JOIN customers c ON c.id = o.customer_id`) // want `TS001 .*orders \(o\)` `TS001 .*customers \(c\)`
	conn.Prepare(ctx, "customers", "SELECT 1")
	conn.Prepare(ctx, "stmt", "SELECT * FROM support_tickets") // want `TS001`
	ptx.Exec(ctx, "TRUNCATE invoices")                         // want `TS003`
	x.Select(nil, "SELECT * FROM notes")                       // want `TS001`
	x.Get(nil, "SELECT * FROM leads")
	db.Query(dynamic)
	db.Query("SELECT * FROM customers WHERE name = \"x\" OR true") // want `TS001`

	//tombstone:ignore missing-live-predicate the audit export reads deleted customers too
	db.Query("SELECT * FROM customers")
	db.Query("SELECT * FROM customers") //tombstone:ignore TS001 same line works too

	//tombstone:ignore TS004 nothing to suppress here // want `TS006 unused-suppression`
	db.Query("SELECT 1")
	//tombstone:ignore TS999 no such rule // want `TS009 bad-suppression: suppression names an unknown rule "TS999"`
	db.Query("SELECT 2")
}
