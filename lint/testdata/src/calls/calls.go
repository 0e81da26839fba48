// Package calls holds the call shapes the analyzer follows besides direct
// method calls: interfaces that library types implement, method values and
// method expressions, and sqlx's entry points.
package calls

import (
	"context"
	"database/sql"

	"github.com/jackc/pgx/v5"
	"github.com/jmoiron/sqlx"
)

// DBTX is the interface sqlc generates for pgx; *pgx.Conn implements it.
type DBTX interface {
	Exec(context.Context, string, ...interface{}) (pgx.CommandTag, error)
	Query(context.Context, string, ...interface{}) (pgx.Rows, error)
	QueryRow(context.Context, string, ...interface{}) pgx.Row
}

// Queries is what sqlc generates around it.
type Queries struct{ db DBTX }

func (q *Queries) ArchiveInvoices(ctx context.Context) {
	q.db.Exec(ctx, "DELETE FROM invoices WHERE created_at < now() - interval '10 years'") // want `TS003 delete-retain-table`
}

// Execer is implemented by *sql.DB, *sql.Tx and *sql.Conn.
type Execer interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

// Logger has a Query method no database type has: it is not SQL.
type Logger interface{ Query(msg string) }

func interfaces(ctx context.Context, e Execer, l Logger) {
	e.ExecContext(ctx, "DELETE FROM invoices WHERE id = $1", 1) // want `TS003 delete-retain-table`
	l.Query("DELETE FROM invoices")
}

func methodValues(ctx context.Context, db *sql.DB, tx *sql.Tx) {
	exec := db.ExecContext
	exec(ctx, "DELETE FROM invoices")       // want `TS003`
	(*sql.DB).Exec(db, "TRUNCATE invoices") // want `TS003`
	txExec := (*sql.Tx).ExecContext
	txExec(tx, ctx, "DELETE FROM invoices WHERE id = 1") // want `TS003`
	again := db.ExecContext
	again = tx.ExecContext
	again(ctx, "DELETE FROM invoices")
}

func sqlxEntries(db *sqlx.DB, tx *sqlx.Tx, ids []int) {
	q, args, _ := sqlx.In("DELETE FROM invoices WHERE id IN (?)", ids) // want `TS003`
	db.Select(nil, db.Rebind(q), args...)
	db.Rebind("DELETE FROM invoices WHERE id = ?")           // want `TS003`
	sqlx.Rebind(1, "DELETE FROM invoices WHERE id = ?")      // want `TS003`
	db.NamedExec("DELETE FROM invoices WHERE id = :id", nil) // want `TS003`
	tx.NamedExec("UPDATE invoices SET total = :total WHERE id = :id", nil)
	sqlx.Named("DELETE FROM invoices WHERE id = :invoice.id", nil)          // want `TS003`
	db.BindNamed("DELETE FROM invoices WHERE id = :id", nil)                // want `TS003`
	db.PrepareNamed("SELECT * FROM invoices WHERE customer_id = :customer") // no finding: named parameters parse
}
