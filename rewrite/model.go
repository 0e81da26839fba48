package rewrite

import "github.com/tombstone-sql/tombstone/policy"

// This file is the dialect-neutral model of a statement: what a dialect
// adapter reports after parsing, and all the core needs to decide. Every
// position is a byte offset into the text given to Dialect.Analyze.

// Span is the byte range [Start, End) of a piece of the input.
type Span struct{ Start, End int }

// Empty reports whether the span covers nothing.
func (s Span) Empty() bool { return s.End <= s.Start }

// Statement is one statement of the input.
type Statement struct {
	Span Span
	// Refs lists every table reference in the statement, in any block.
	Refs []*Ref
	// Blocks lists every query block: the places a live predicate can go.
	Blocks []*Block
	// Deletes lists every DELETE (or MERGE … THEN DELETE) in the statement.
	Deletes []*Deletion
	// Conflicts lists every INSERT … ON CONFLICT / ON DUPLICATE KEY whose
	// conflict target can carry a predicate.
	Conflicts []*Conflict
	// Opaque is set for statements whose body tombstone cannot see (a DO
	// block): they are refused when they may mention a governed table.
	Opaque string
	// Deferred is SQL text the statement keeps to run later, unrewritten
	// (MySQL's PREPARE s FROM 'text', a PostgreSQL function's string
	// body): the statement is refused when the text may mention a governed
	// table.
	Deferred string
	// Stored names what the statement keeps, rewritten, for later runs by
	// any caller (CREATE VIEW, PREPARE, CREATE RULE): in a scope that shows
	// tombstones it is refused, as the scope would outlive the caller.
	Stored string
	// Encoding is set for statements that change the character set the
	// server reads the connection's later statements in to one the adapter
	// does not read the same way (MySQL's SET NAMES gbk): they are refused,
	// whatever they mention. It says what the statement does.
	Encoding string
	// Cascades is set for statements that delete rows of tables they do
	// not name (TRUNCATE … CASCADE): they are refused, as any governed
	// table may be among them.
	Cascades string
	// Session lists the session variables and settings the statement
	// assigns (PostgreSQL SET and set_config, MySQL @variables): the
	// actor's are tombstone's alone, and in a scope that shows tombstones
	// nothing it reads may be kept in any of them.
	Session []*SessionWrite
	// Copies names how the statement makes a table of its query's rows
	// (CREATE TABLE … AS, SELECT … INTO): in a scope that shows tombstones
	// they would outlive the statement for every later reader.
	Copies string
	// Changes lists the schema changes that can take a table, or the
	// columns tombstone relies on, out of the policy's reach.
	Changes []*SchemaChange
}

// SessionWrite is one assignment of a session variable or setting.
type SessionWrite struct {
	// Name is the variable or setting as the server folds it (without
	// MySQL's @); "" when the statement computes it at run time, "*"
	// when it resets them all.
	Name string
	// What names the form for messages: "SET", "set_config(…)", ":=".
	What string
	Pos  int
}

// SchemaChange is DDL that drops or renames a table, a schema holding
// tables, or a table's columns.
type SchemaChange struct {
	// What names the statement for messages: "DROP TABLE", "ALTER TABLE …
	// RENAME TO".
	What string
	// Table is the table changed, also in Refs (with Use Schema); nil when
	// the change is to a schema or reaches tables it does not name.
	Table *Ref
	// Columns lists the columns dropped, renamed or redefined, as the
	// database folds them; empty when the whole table is dropped or
	// renamed.
	Columns []string
	// Schema names the schema (MySQL: database) dropped or renamed.
	Schema string
	// Unbounded is set when the change may drop tables or columns it does
	// not name (DROP OWNED, DROP TYPE … CASCADE).
	Unbounded bool
	Pos       int
}

// Use says what a statement does with a table reference.
type Use int

const (
	// Read references rows: they must see only the rows the scope allows.
	Read Use = iota
	// Update is the target of an UPDATE or a MERGE: it may change only rows
	// the scope allows.
	Update
	// Delete is the target of a DELETE: see Statement.Deletes.
	Delete
	// Insert is the target of an INSERT; it needs no predicate.
	Insert
	// Truncate is a table a TRUNCATE empties.
	Truncate
	// CopyTo is the table of COPY table TO: it is turned into the query form.
	CopyTo
	// Replace is the target of REPLACE or INSERT OR REPLACE, which deletes
	// conflicting rows behind the statement's back.
	Replace
	// Schema is a reference that reads no rows: DDL, a lock, a name in
	// FOR UPDATE OF.
	Schema
	// Unknown is a reference the adapter could not classify; a governed
	// one makes the statement refused (fail closed).
	Unknown
)

// Ref is one reference to a table.
type Ref struct {
	// Schema and Name are the reference's parts as the database folds them;
	// Schema is empty when unqualified.
	Schema, Name string
	// Alias is the reference's alias as the database folds it, or "".
	Alias string
	// Qualifier is the text that qualifies a column of this reference:
	// the alias, or the name as written.
	Qualifier string
	// Pos is where the reference starts, for messages and lint findings.
	Pos int
	// Use says what the statement does with it.
	Use Use
	// NameSpan covers the relation name as written (with ONLY or * where the
	// dialect has them); Wrap replaces it with a derived table.
	NameSpan Span
	// Wrap is false when the reference cannot become a derived table (it
	// carries a sample clause or index hints).
	Wrap bool
	// MustWrap is set when a predicate can only be exact inside a derived
	// table (the alias renames columns).
	MustWrap bool
	// Copy describes COPY table [(columns)] TO for Use CopyTo.
	Copy *CopySource
	// Assigns lists the columns an UPDATE sets on this target (Use Update),
	// as the database folds them.
	Assigns []string

	table *policy.Table
	// marks: an UPDATE target whose SET list assigns its table's
	// tombstone column (set when the reference is planned).
	marks bool
}

// CopySource is what COPY table TO needs to become COPY (query) TO.
type CopySource struct {
	Span    Span   // table name and column list, replaced by the query
	Columns string // the column list as written, without parentheses; "" = all
}

// Clause is a condition a predicate can join: a WHERE or an ON.
type Clause struct {
	// Cond is the existing condition; empty when there is none.
	Cond Span
	// At is where Keyword and the predicate go when Cond is empty.
	At int
	// Keyword introduces a new condition ("WHERE").
	Keyword string
	// Tests are the column tests among Cond's top-level AND terms.
	Tests []Test
	// OnlyTests says every top-level AND term of Cond is a column test:
	// no term the caller wrote can meet a tombstone before the live test.
	OnlyTests bool
	// Frozen clauses cannot take a predicate (WHERE CURRENT OF).
	Frozen bool
	// Unqualified predicates omit the qualifier (index predicates).
	Unqualified bool

	// add are the predicates the rewrite ANDs to the clause; late ones
	// (restore-window tests, which are no column test) go after them, so
	// the column tests still lead and a second rewrite finds them leading.
	add, late []string
}

// TestKind is what a column test checks.
type TestKind int

const (
	IsNull    TestKind = iota + 1 // c IS NULL
	IsNotNull                     // c IS NOT NULL
	IsFalse                       // NOT c, c = FALSE, c IS FALSE, c IS NOT TRUE
	IsTrue                        // c, c = TRUE, c IS TRUE
	IsZero                        // c = 0
	NotZero                       // c <> 0, c != 0, c > 0
)

// Test is one recognized column test in a condition's top-level AND terms.
type Test struct {
	// Qualifier holds the column's qualifier parts as the database folds
	// them ([] when unqualified, [alias], [schema table]).
	Qualifier []string
	Column    string
	Kind      TestKind
	// NullSafe is set for tests that hold for NULL (c IS NULL, c IS NOT
	// TRUE): above an outer join they keep the rows it extends with NULLs.
	NullSafe bool
	// Leading is set for tests written before every term of the condition
	// that is not a column test: the engine evaluates them first.
	Leading bool
	// Equality is set for c = 0 and c = 1 (MySQL: NOT c and c too), which
	// a dialect that is EqualityLast evaluates after the other terms
	// wherever they stand.
	Equality bool
}

// Block is one query block: a SELECT's FROM and WHERE, an UPDATE, a DELETE
// or a MERGE.
type Block struct {
	// Target is the UPDATE, DELETE or MERGE target when it is not one of the
	// From items; its predicate goes in TargetClause.
	Target       *Ref
	TargetClause *Clause
	// From lists the top-level FROM items (USING for DELETE, the source of
	// MERGE).
	From []*FromItem
	// Where is the block's WHERE; nil when items at the top cannot be
	// filtered by a condition (the source of MERGE).
	Where *Clause
}

// FromItem is a table, a join, or something else (a subquery or function,
// whose inside is a block of its own).
type FromItem struct {
	Ref  *Ref
	Join *Join
}

// JoinType is the kind of a join.
type JoinType int

const (
	InnerJoin JoinType = iota // also CROSS, NATURAL and USING joins: see On
	LeftJoin
	RightJoin
	FullJoin
)

// Join is a join of two FROM items.
type Join struct {
	Type JoinType
	// On is the join condition; nil for CROSS, NATURAL and USING joins.
	On *Clause
	// Aliased joins hide the tables inside them from the clauses outside.
	Aliased     bool
	Left, Right *FromItem
}

// Deletion is one DELETE, and the edits that turn it into a tombstone UPDATE.
type Deletion struct {
	// Pos is where the DELETE starts.
	Pos int
	// Targets are the tables the DELETE removes rows from; they appear in
	// Refs too.
	Targets []*Ref
	// ToUpdate are the keyword edits that make it an UPDATE (DELETE FROM →
	// UPDATE, USING → FROM).
	ToUpdate []Edit
	// SetAt is where " SET marker = value" goes.
	SetAt int
	// QualifySet says the SET list names columns with their qualifier.
	QualifySet bool
	// Merge says the DELETE is a WHEN clause of MERGE: the predicate that
	// keeps it off tombstones goes in the ON that every WHEN clause shares.
	Merge bool
	// Returned lists the column references of the DELETE's RETURNING list:
	// once the DELETE is a tombstone UPDATE, RETURNING reads the new row,
	// so one naming the tombstone column is replaced by the value the row
	// had (the live value).
	Returned []Returned
	// NoUpdate, when set, says why this DELETE cannot become an UPDATE
	// (MariaDB's DELETE … RETURNING: UPDATE has no RETURNING there); a
	// tombstoning it would need is refused with that reason.
	NoUpdate string
}

// Returned is a column reference in a RETURNING list, outside subqueries.
type Returned struct {
	// Qualifier and Column are as the database folds them.
	Qualifier []string
	Column    string
	// Span covers the reference as written, with the parentheses around it.
	Span Span
	// Bare is set when the reference is a whole item without an alias: the
	// replacement then takes the column's name with AS.
	Bare bool
}

// Conflict is an INSERT whose conflict handling meets a soft table's unique
// keys.
type Conflict struct {
	Target *Ref
	// Clause is the conflict target's index predicate (unqualified); nil
	// when the statement cannot carry one.
	Clause *Clause
	// Constraint names the constraint of ON CONFLICT ON CONSTRAINT.
	Constraint string
	// Sets lists the columns the conflict's update assigns, where the
	// update cannot carry a predicate (MySQL's ON DUPLICATE KEY UPDATE).
	Sets []string
	// Update is the WHERE of DO UPDATE (existing or insertable), nil for
	// DO NOTHING. The primary key is not partial, so a conflict can still
	// be found on a tombstone: the live predicate here keeps the update
	// from touching, reviving or returning it.
	Update *Clause
}

// Edit replaces the input's bytes [Start, End) with Text; Start == End
// inserts.
type Edit struct {
	Start, End int
	Text       string
}
