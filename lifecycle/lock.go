package lifecycle

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"strings"

	"github.com/tombstone-sql/tombstone/policy"
)

// Each batch locks its table for the batch's duration only:
//
//   - PostgreSQL: pg_try_advisory_xact_lock inside the batch's transaction,
//     released by its COMMIT or ROLLBACK; nothing is left on the session,
//     so a pooled connection (database/sql, pgxpool, PgBouncer in
//     transaction mode) hands no lock to its next borrower. The key is a
//     namespace in the high 32 bits and the table's oid in the low ones,
//     so two tables, or two schemas' tables of one name, never share it.
//   - MySQL/MariaDB: GET_LOCK(name, 0) on the batch's connection before its
//     transaction and RELEASE_LOCK after it; a connection whose lock (or
//     action variable) cannot be released is closed, not pooled. The name
//     is a hash of the database and table, within GET_LOCK's 64 characters.
//   - SQLite: the database's write lock, taken first thing in the batch's
//     transaction; a runner that finds it held (SQLITE_BUSY) skips the
//     table.
//
// A runner that does not get the lock skips the table. Locks only save
// wasted work: a batch's change repeats its selection's condition, so two
// runners that both got through (an engine whose locks are stubs) still
// change each row once.

// lockSpace is the high half of the PostgreSQL advisory-lock keys: "tomb".
const lockSpace = 0x746f6d62

// tryLockTx takes the PostgreSQL lock inside tx; false when another
// session holds it.
func (d *dialect) tryLockTx(ctx context.Context, tx *sql.Tx, t *policy.Table) (bool, error) {
	if d.name != "postgres" {
		return true, nil
	}
	var ok sql.NullBool
	err := tx.QueryRowContext(ctx, "SELECT pg_try_advisory_xact_lock(($1::int8 << 32) | to_regclass($2)::oid::int8)", lockSpace, d.table(t.Name)).Scan(&ok)
	if err != nil {
		return false, fmt.Errorf("locking %s: %w", t.Name, err)
	}
	if !ok.Valid {
		return false, fmt.Errorf("locking %s: the table does not exist", t.Name)
	}
	return ok.Bool, nil
}

const mysqlLockName = "CONCAT('tombstone_expire_', SHA1(CONCAT(DATABASE(), '.', ?)))"

// tryLockConn takes the MySQL lock on conn; false when another session
// holds it.
func (d *dialect) tryLockConn(ctx context.Context, conn *sql.Conn, t *policy.Table) (bool, error) {
	if d.name != "mysql" {
		return true, nil
	}
	var got sql.NullInt64
	if err := conn.QueryRowContext(ctx, "SELECT GET_LOCK("+mysqlLockName+", 0)", strings.ToLower(t.Name)).Scan(&got); err != nil {
		return false, fmt.Errorf("locking %s: %w", t.Name, err)
	}
	if !got.Valid {
		return false, fmt.Errorf("locking %s: GET_LOCK failed", t.Name)
	}
	return got.Int64 == 1, nil
}

// unlockConn releases the MySQL lock; when it cannot, the connection is
// closed rather than pooled with the lock.
func (d *dialect) unlockConn(ctx context.Context, conn *sql.Conn, t *policy.Table) error {
	if d.name != "mysql" {
		return nil
	}
	var released sql.NullInt64
	err := conn.QueryRowContext(ctx, "SELECT RELEASE_LOCK("+mysqlLockName+")", strings.ToLower(t.Name)).Scan(&released)
	if err == nil && released.Int64 == 1 {
		return nil
	}
	discard(conn)
	if err == nil {
		err = fmt.Errorf("the lock was no longer held")
	}
	return fmt.Errorf("releasing the lock of %s: %w", t.Name, err)
}

// discard closes conn's driver connection instead of pooling it.
func discard(conn *sql.Conn) {
	_ = conn.Raw(func(any) error { return driver.ErrBadConn })
}

// busy reports whether err is SQLite's "the database is locked".
func busy(err error) bool {
	if err == nil {
		return false
	}
	s := err.Error()
	return strings.Contains(s, "SQLITE_BUSY") || strings.Contains(s, "database is locked")
}
