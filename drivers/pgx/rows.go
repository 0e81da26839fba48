package pgx

import (
	"fmt"
	"sync"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgtype"
)

// failedRows are the rows of a query tombstone refused: nothing was sent.
type failedRows struct{ err error }

func (r failedRows) Close()                                       {}
func (r failedRows) Err() error                                   { return r.err }
func (r failedRows) CommandTag() pgconn.CommandTag                { return pgconn.CommandTag{} }
func (r failedRows) FieldDescriptions() []pgconn.FieldDescription { return nil }
func (r failedRows) Next() bool                                   { return false }
func (r failedRows) Scan(...any) error                            { return r.err }
func (r failedRows) Values() ([]any, error)                       { return nil, r.err }
func (r failedRows) RawValues() [][]byte                          { return nil }
func (r failedRows) Conn() *pgx.Conn                              { return nil }
func (r failedRows) TypeMap() *pgtype.Map                         { return nil }

// releasingRows are pgx's rows, with the connection given back once they
// are closed, or read to the end (as pgxpool's own rows do).
type releasingRows struct {
	pgx.Rows
	once sync.Once
	done func()
}

func (r *releasingRows) Close() {
	r.Rows.Close()
	r.once.Do(r.done)
}

func (r *releasingRows) Next() bool {
	if r.Rows.Next() {
		return true
	}
	r.Close()
	return false
}

// row is QueryRow's result over Query's rows, read as pgx reads its own:
// pgx.ErrNoRows when there is none, and the query's error as it is.
type row struct{ rows pgx.Rows }

func (r row) Scan(dest ...any) error {
	rows := r.rows
	if err := rows.Err(); err != nil {
		rows.Close()
		return err
	}
	for _, d := range dest {
		if _, ok := d.(*pgtype.DriverBytes); ok {
			rows.Close()
			return fmt.Errorf("cannot scan into *pgtype.DriverBytes from QueryRow")
		}
	}
	if !rows.Next() {
		if err := rows.Err(); err != nil {
			return err
		}
		return pgx.ErrNoRows
	}
	rows.Scan(dest...)
	rows.Close()
	return rows.Err()
}

// batchResults are pgx's batch results, with done run once they are
// closed; a batch that begins a transaction (pgx.Batch.BeginTx) hands its
// transaction, wrapped, to tx, and done waits for that transaction's end.
type batchResults struct {
	pgx.BatchResults
	once sync.Once
	done func()
	wrap func(t pgx.Tx, end func()) *Tx
	tx   *Tx
}

func (r *batchResults) Close() error {
	err := r.BatchResults.Close()
	if t := r.BatchResults.Tx(); t == nil || t.Conn() == nil || t.Conn().PgConn().TxStatus() == 'I' {
		r.once.Do(r.done) // no transaction, or its begin failed
	}
	return err
}

func (r *batchResults) Tx() pgx.Tx {
	t := r.BatchResults.Tx()
	if t == nil {
		return nil
	}
	if r.tx == nil {
		r.tx = r.wrap(t, func() { r.once.Do(r.done) })
	}
	return r.tx
}
