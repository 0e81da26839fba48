package rewrite

import (
	"errors"
	"fmt"
)

// Sentinels that every refusal wraps; match them with errors.Is.
var (
	// ErrRetained refuses a DELETE, TRUNCATE or REPLACE on a retain table.
	ErrRetained = errors.New("tombstone: retained table")
	// ErrUnparsed refuses a statement tombstone cannot understand although
	// it may touch a governed table (fail closed).
	ErrUnparsed = errors.New("tombstone: statement not understood")
	// ErrRefused refuses a statement that would break the policy in another
	// way: TRUNCATE or REPLACE of a soft table, a DELETE mixing soft and hard
	// tables, an ambiguous table name.
	ErrRefused = errors.New("tombstone: statement refused")
	// ErrSchemaChange refuses DDL that would drop or rename a governed
	// table, the schema holding it, or its marker or key columns, outside
	// the schema-changes scope.
	ErrSchemaChange = errors.New("tombstone: schema change refused")
	// ErrScope refuses a scope that names a table the policy does not
	// govern as a soft table (a typo, a hard table), or one both with- and
	// only-deleted: on every statement, whatever tables it touches.
	ErrScope = errors.New("tombstone: bad scope")
)

// Refusal is why one statement cannot be sent. It wraps one of the
// sentinels above.
type Refusal struct {
	Err error
	// Table is the policy name of the table the refusal is about, or "".
	Table string
	// Pos is the byte offset in the input the refusal points at; Line and
	// Column say the same for people (1-based, columns in bytes).
	Pos, Line, Column int
	// Msg says what was refused and what to change.
	Msg string
}

func (r *Refusal) Error() string {
	return fmt.Sprintf("tombstone: %s (line %d, column %d)", r.Msg, r.Line, r.Column)
}

func (r *Refusal) Unwrap() error { return r.Err }

// SyntaxError is a parser's complaint, as a dialect adapter reports it.
type SyntaxError struct {
	Msg string
	Pos int // byte offset of the error, -1 when unknown
}

func (e *SyntaxError) Error() string { return e.Msg }

// LimitError is a statement beyond what a parser follows: nested or
// chained deeper than its limit. Adapters return it from Analyze; the
// statement is refused (ErrUnparsed), whatever it touches: fail closed.
type LimitError struct {
	// Msg says which limit the statement passes and what to change.
	Msg string
	Pos int // byte offset, -1 when unknown
}

func (e *LimitError) Error() string { return e.Msg }

// lineCol turns a byte offset into 1-based line and column.
func lineCol(src string, pos int) (line, col int) {
	if pos < 0 {
		pos = 0
	}
	if pos > len(src) {
		pos = len(src)
	}
	line, col = 1, 1
	for i := 0; i < pos; i++ {
		if src[i] == '\n' {
			line++
			col = 1
		} else {
			col++
		}
	}
	return line, col
}
