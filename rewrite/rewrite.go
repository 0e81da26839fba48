// Package rewrite turns SQL statements into ones that enforce a deletion
// policy: reads see only live rows, DELETE on a soft table becomes a
// tombstone UPDATE, DELETE on a retain table is refused.
//
// The package is dialect-neutral. A Dialect adapter (rewrite/postgres,
// rewrite/mysql, rewrite/sqlite) parses the text with a real parser and
// describes each statement in the small model of model.go: table references
// with their positions, the WHERE and ON clauses a predicate may join, the
// DELETEs and conflict targets. This package decides what the policy and
// the scope require and expresses it as byte-offset edits to the original
// text, so comments, placeholders and formatting survive byte for byte.
package rewrite

import (
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/tombstone-sql/tombstone/policy"
)

// Dialect parses one SQL dialect into the model and renders its syntax.
type Dialect interface {
	// Name is the dialect's name: postgres, mysql or sqlite.
	Name() string
	// Analyze parses sql, one or more statements, into the model. A parse
	// failure is a *SyntaxError.
	Analyze(sql string) ([]*Statement, error)
	// Quote renders an identifier, quoting it only when the dialect must.
	Quote(ident string) string
	// Mark renders the value that tombstones a row now.
	Mark(m policy.Marker) string
}

// DynamicSQL is implemented by dialects whose statements can run SQL text
// built at run time, where a governed name need not be spelled out
// (MySQL's PREPARE s FROM @q). The quick reject also looks for the words
// DynamicWords returns, so such statements are always analyzed.
type DynamicSQL interface {
	DynamicWords() []string
}

// AuditSession is implemented by dialects whose audit triggers read the
// actor and reason from session state: the settings or variables that
// hold them (compared case-insensitively) and the tables that do (SQLite's
// temp.tombstone_session, whose actor and reason columns only tombstone
// writes). Statement text may read them, never write them.
type AuditSession interface {
	AuditSession() (settings, tables []string)
}

// TriggerSettings is implemented by dialects with session settings that
// switch triggers off (PostgreSQL's session_replication_role): with them
// changed, no audit row would be written and an erased row could be
// restored. Statement text may read them, never write them.
type TriggerSettings interface {
	TriggerSettings() []string
}

// QuickWords is implemented by dialects with words of their own that the
// quick reject must find although they name no governed table; a word's
// check, when not nil, says whether an occurrence counts.
type QuickWords interface {
	QuickWords() map[string]func(text string, at int) bool
}

// Encodings is implemented by dialects whose servers read a connection's
// statements in a character set that can differ from what the adapter
// reads, and that a statement can change (MySQL's SET NAMES, PostgreSQL's
// SET client_encoding). The quick reject also looks for EncodingWords, as
// whole words, so statements that may change it are always analyzed; the
// adapter sets Statement.Encoding on those that change it to a character
// set it does not read byte for byte as the server does.
type Encodings interface {
	EncodingWords() []string
	// EncodingQuery is a query returning the connection's client character
	// set in one text column, for the check on every new connection.
	EncodingQuery() string
	// SafeEncoding reports whether the server reads statements sent in the
	// named character set (as EncodingQuery returns it) exactly as the
	// adapter does.
	SafeEncoding(name string) bool
	// EncodingAdvice says which character sets to use instead.
	EncodingAdvice() string
}

// CaseSensitiveColumns is implemented by dialects whose column names,
// once folded by the adapter, are compared exactly (PostgreSQL: an
// unquoted RemovedAt is removedat, not "RemovedAt"). Elsewhere column names
// compare case-insensitively in ASCII, as MySQL and SQLite do.
type CaseSensitiveColumns interface {
	CaseSensitiveColumns()
}

// EqualityLast is implemented by dialects whose planner evaluates a
// column = constant term after the other terms of its conjunction,
// wherever it is written (PostgreSQL makes it an equivalence class and
// adds it back last; MariaDB does so for a row read by a key lookup, NOT c
// too). A caller's own such test (Test.Equality) then does not count as
// evaluated first, and the live test of a unix marker, which is one, is
// written as ZeroTest renders it.
type EqualityLast interface {
	// ZeroTest renders col = 0 in a form the planner leaves in place.
	ZeroTest(col string) string
}

// OnAfterWhere is implemented by dialects whose engine evaluates the ON
// terms of an inner join after the WHERE's (MariaDB and SQLite append them
// to the WHERE), and turns an outer join into an inner one when the WHERE
// rejects its NULLs. A table's live predicate then also leads every WHERE
// and ON above the one that filters it, where the qualifier still names it.
type OnAfterWhere interface {
	OnAfterWhere()
}

// Visibility is which rows of a soft table a statement may see.
type Visibility int

const (
	// Live rows only: the default.
	Live Visibility = iota
	// All rows, tombstones included: the with-deleted scope.
	All
	// Deleted rows only: the only-deleted scope.
	Deleted
)

// Scope widens what statements may see or do; the zero Scope is the
// default: live rows only, DELETE on a soft table tombstones.
type Scope struct {
	// WithDeleted names tables whose tombstones are visible; "*" means
	// every table.
	WithDeleted []string
	// OnlyDeleted names tables of which only tombstones are visible; "*"
	// means every table.
	OnlyDeleted []string
	// HardDelete makes DELETE on soft tables a real DELETE.
	HardDelete bool
	// SchemaChanges allows DDL that drops or renames governed tables, the
	// schemas holding them, or their marker and key columns: the scope of
	// a migration.
	SchemaChanges bool
}

// Rewriter rewrites statements of one dialect under one policy. It is safe
// for concurrent use.
type Rewriter struct {
	policy  *policy.Policy
	dialect Dialect
	quick   *policy.Words
	// exactColumns: the dialect is CaseSensitiveColumns.
	exactColumns bool
	// settings and tables are the session state the audit triggers read
	// (AuditSession), lower case.
	settings, tables map[string]bool
	// triggerSettings switch the triggers off (TriggerSettings)
	triggerSettings map[string]bool
	// zeroTest: the dialect is EqualityLast; onAfterWhere: OnAfterWhere.
	zeroTest     EqualityLast
	onAfterWhere bool
}

// New returns a Rewriter for policy p and dialect d.
func New(p *policy.Policy, d Dialect) *Rewriter {
	// The quick reject looks for the governed names, and for what reaches
	// tables without naming them: TRUNCATE … CASCADE empties the tables
	// that reference the named ones, and a DO block may build names
	// (EXECUTE 'DELETE FROM cust' || 'omers').
	// The schema a DROP SCHEMA or DROP DATABASE names is no governed
	// name, and DROP OWNED names no table at all. The audit table and the
	// session state the audit triggers read are tombstone's.
	words := append(p.Relations(), "cascade", "do", "schema", "database", "owned")
	checks := map[string]func(string, int) bool{"do": doBlock}
	if dyn, ok := d.(DynamicSQL); ok {
		words = append(words, dyn.DynamicWords()...)
	}
	rw := &Rewriter{policy: p, dialect: d}
	if p.Audit != nil {
		_, rel := splitQualified(p.Audit.Table)
		words = append(words, rel)
	}
	if as, ok := d.(AuditSession); ok {
		settings, tables := as.AuditSession()
		rw.settings, rw.tables = lowerSet(settings), lowerSet(tables)
		words = append(append(words, settings...), tables...)
	}
	if ts, ok := d.(TriggerSettings); ok {
		rw.triggerSettings = lowerSet(ts.TriggerSettings())
		words = append(words, ts.TriggerSettings()...)
	}
	if qw, ok := d.(QuickWords); ok {
		for w, check := range qw.QuickWords() {
			words = append(words, w)
			if check != nil {
				checks[strings.ToLower(w)] = check
			}
		}
	}
	if enc, ok := d.(Encodings); ok {
		governed := map[string]bool{}
		for _, r := range p.Relations() {
			governed[strings.ToLower(r)] = true
		}
		for _, w := range enc.EncodingWords() {
			if !governed[strings.ToLower(w)] {
				words = append(words, w)
				checks[strings.ToLower(w)] = wholeWord(len(w))
			}
		}
	}
	_, rw.exactColumns = d.(CaseSensitiveColumns)
	rw.zeroTest, _ = d.(EqualityLast)
	_, rw.onAfterWhere = d.(OnAfterWhere)
	rw.quick = policy.NewWords(words, checks)
	return rw
}

func lowerSet(names []string) map[string]bool {
	m := make(map[string]bool, len(names))
	for _, n := range names {
		m[strings.ToLower(n)] = true
	}
	return m
}

// splitQualified splits schema.name at its last dot.
func splitQualified(name string) (schema, rel string) {
	if i := strings.LastIndexByte(name, '.'); i >= 0 {
		return name[:i], name[i+1:]
	}
	return "", name
}

// Policy returns the rewriter's policy.
func (rw *Rewriter) Policy() *policy.Policy { return rw.policy }

// Dialect returns the rewriter's dialect.
func (rw *Rewriter) Dialect() Dialect { return rw.dialect }

// ActionKind is what the rewriter did to a statement.
type ActionKind int

const (
	// Restrict added the scope's predicate for a reference: a read without
	// a live-row restriction, or an UPDATE that could touch tombstones.
	Restrict ActionKind = iota + 1
	// Tombstone turned a DELETE into a tombstone UPDATE.
	Tombstone
	// GuardConflict added the live predicate to an ON CONFLICT target.
	GuardConflict
	// GuardUpsert added the live predicate to the WHERE of ON CONFLICT DO
	// UPDATE, so a conflict with a tombstone (on its primary key) updates
	// nothing.
	GuardUpsert
	// CopyQuery turned COPY table TO into COPY (query) TO.
	CopyQuery
	// RejectsNulls changes nothing: it reports a live test of an outer
	// join's nullable side in a clause above the join that is false for
	// NULL (NOT c, c = false, c = 0), so the rows the join extends with
	// NULLs are dropped, even though the join's ON keeps the tombstones
	// out. For the linter.
	RejectsNulls
	// OpenUpsert changes nothing: it reports an upsert on a soft table
	// whose update cannot carry the live predicate (MySQL's ON DUPLICATE
	// KEY UPDATE), so a conflict on a tombstone's primary key updates the
	// tombstone. For the linter.
	OpenUpsert
	// ChangeSchema changes nothing: it reports DDL on a governed table (or
	// the audit table) allowed by the schema-changes scope, for the audit
	// trail. Table is nil for the audit table and for a change that may
	// reach every table (DROP SCHEMA, DROP OWNED).
	ChangeSchema
	// Lead changes no result: it puts the live predicate of a reference
	// whose rows another clause already filters at the head of a clause
	// the engine may evaluate on them first, so no term the caller wrote
	// meets a tombstone (docs/threat-model.md).
	Lead
)

// Action is one change the rewriter made, for logs and lint findings.
type Action struct {
	Kind  ActionKind
	Table *policy.Table
	// Use is what the statement does with the table.
	Use Use
	// Pos is the byte offset of the reference or statement acted on.
	Pos int
	// Stmt is the index of the statement in the input.
	Stmt int
	// Visibility is the scope the predicate enforces (Restrict).
	Visibility Visibility
	// Predicate is the text the action adds (Restrict, GuardConflict).
	Predicate string
	// Wrapped says the reference became a derived table.
	Wrapped bool
	// Misplaced says a live test for this outer-joined reference sits in a
	// WHERE above the join, where it turns the outer join into an inner one.
	Misplaced bool
	// SetsMarker says an UPDATE restricted to the scope's rows assigns the
	// table's tombstone column itself: a restore or a hand-made tombstone.
	SetsMarker bool
	// Edits are the edits that carry out the action; actions sharing a
	// clause share its edits.
	Edits []Edit

	// clause is the WHERE, ON or conflict target the predicate joins, for
	// RewrittenFor; nil when the action carries its own edits in ranked.
	clause *Clause
	ranked []rankedEdit
}

// Plan is what the policy requires of one input: the actions that rewrite
// it and the refusals that stop it.
type Plan struct {
	// SQL is the input.
	SQL string
	// Parsed is false when the quick reject proved that the input cannot
	// mention a governed table.
	Parsed bool
	// Statements are the adapter's model, when parsed.
	Statements []*Statement
	Actions    []*Action
	// Refusals lists every reason to refuse the input; empty means it may be
	// sent as Rewritten.
	Refusals []*Refusal

	edits []rankedEdit
}

// Err returns the first refusal, or nil.
func (pl *Plan) Err() error {
	if len(pl.Refusals) == 0 {
		return nil
	}
	return pl.Refusals[0]
}

// Changed reports whether the plan edits the input.
func (pl *Plan) Changed() bool { return len(pl.edits) > 0 }

// Rewritten returns the input with every edit applied.
func (pl *Plan) Rewritten() string {
	if len(pl.edits) == 0 {
		return pl.SQL
	}
	return apply(pl.SQL, pl.edits)
}

// Rewrite returns sql rewritten for scope s, or the first refusal (a
// *Refusal wrapping ErrRetained, ErrUnparsed or ErrRefused), or an error
// naming a bad scope.
func (rw *Rewriter) Rewrite(sql string, s Scope) (string, error) {
	if s.isDefault() && !rw.mayMention(sql) {
		return sql, nil
	}
	pl, err := rw.Plan(sql, s)
	if err != nil {
		return "", err
	}
	if err := pl.Err(); err != nil {
		return "", err
	}
	return pl.Rewritten(), nil
}

// Plan analyzes sql under scope s. The error is only for a bad scope;
// refusals are in the plan.
func (rw *Rewriter) Plan(sql string, s Scope) (*Plan, error) {
	sc, err := rw.resolve(s)
	if err != nil {
		return nil, err
	}
	pl := &Plan{SQL: sql}
	if !rw.mayMention(sql) {
		return pl, nil
	}
	pl.Parsed = true
	if i := strings.IndexByte(sql, 0); i >= 0 {
		pl.refuse(ErrUnparsed, nil, i, "statement refused: it holds a NUL byte, which parsers and servers read differently")
		return pl, nil
	}
	stmts, err := rw.dialect.Analyze(sql)
	if err != nil {
		var le *LimitError
		if errors.As(err, &le) {
			pl.refuse(ErrUnparsed, nil, le.Pos, "statement refused: %s", le.Msg)
			return pl, nil
		}
		pos := -1
		if se, ok := err.(*SyntaxError); ok {
			pos = se.Pos
		}
		pl.refuse(ErrUnparsed, nil, pos, "statement refused: it may touch a governed table and does not parse: %v", err)
		return pl, nil
	}
	pl.Statements = stmts
	for i, st := range stmts {
		d := &decider{rw: rw, plan: pl, scope: sc, stmt: st, index: i}
		d.decide()
	}
	sortEdits(pl.edits)
	if overlapping(pl.edits) {
		pl.edits = nil
		pl.refuse(ErrUnparsed, nil, 0, "statement refused: tombstone produced overlapping edits for it (a bug; please report the statement)")
	}
	return pl, nil
}

// MayMention is the quick reject: false proves that no statement in sql
// can touch a governed table, so it is sent as it is, unparsed.
func (rw *Rewriter) MayMention(sql string) bool { return rw.mayMention(sql) }

func (rw *Rewriter) mayMention(sql string) bool {
	if rw.quick.In(sql) {
		return true
	}
	// PostgreSQL's U&"\0063ustomers" spells a name without writing it.
	for i := strings.IndexByte(sql, '&'); i >= 0; {
		if i > 0 && (sql[i-1] == 'u' || sql[i-1] == 'U') {
			return true
		}
		j := strings.IndexByte(sql[i+1:], '&')
		if j < 0 {
			break
		}
		i += 1 + j
	}
	return false
}

// doBlock reports whether the "do" at sql[i] may start a PostgreSQL DO
// block: the word DO followed by its body ($$…$$ or '…') or LANGUAGE.
func doBlock(sql string, i int) bool {
	if i > 0 && wordByte(sql[i-1]) {
		return false
	}
	j := i + 2
	for j < len(sql) && strings.IndexByte(" \t\r\n\f", sql[j]) >= 0 {
		j++
	}
	if j == i+2 || j == len(sql) {
		return false
	}
	return sql[j] == '$' || sql[j] == '\'' || len(sql)-j >= 8 && strings.EqualFold(sql[j:j+8], "language")
}

// wholeWord returns a quick-reject check that counts a word of n bytes only
// where no name character touches it on either side.
func wholeWord(n int) func(string, int) bool {
	return func(sql string, i int) bool {
		return (i == 0 || !nameByte(sql[i-1])) && (i+n >= len(sql) || !nameByte(sql[i+n]))
	}
}

func nameByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '$' || c >= 0x80
}

// encodingAdvice is what a refused change of character set should do
// instead.
func (rw *Rewriter) encodingAdvice() string {
	if enc, ok := rw.dialect.(Encodings); ok {
		return enc.EncodingAdvice()
	}
	return "keep the connection's character set"
}

func (s Scope) isDefault() bool {
	return len(s.WithDeleted) == 0 && len(s.OnlyDeleted) == 0 && !s.HardDelete
}

type resolvedScope struct {
	withAll, onlyAll bool
	with, only       map[*policy.Table]bool
	hardDelete       bool
	schemaChanges    bool
}

func (rw *Rewriter) resolve(s Scope) (*resolvedScope, error) {
	sc := &resolvedScope{hardDelete: s.HardDelete, schemaChanges: s.SchemaChanges}
	add := func(names []string, all *bool, set *map[*policy.Table]bool, flag string) error {
		for _, n := range names {
			if n == "*" {
				*all = true
				continue
			}
			t := rw.policy.Table(n)
			if t == nil || t.Rule != policy.Soft {
				return rw.scopeError(flag, n, t)
			}
			if *set == nil {
				*set = map[*policy.Table]bool{}
			}
			(*set)[t] = true
		}
		return nil
	}
	if err := add(s.WithDeleted, &sc.withAll, &sc.with, "with-deleted"); err != nil {
		return nil, err
	}
	if err := add(s.OnlyDeleted, &sc.onlyAll, &sc.only, "only-deleted"); err != nil {
		return nil, err
	}
	for t := range sc.only {
		if sc.with[t] {
			return nil, fmt.Errorf("%w: %s is both with-deleted and only-deleted; choose one", ErrScope, t.Name)
		}
	}
	if sc.withAll && sc.onlyAll {
		return nil, fmt.Errorf("%w: every table is both with-deleted and only-deleted; choose one", ErrScope)
	}
	return sc, nil
}

// Visibility returns what scope s lets statements see of table t.
func (rw *Rewriter) Visibility(s Scope, t *policy.Table) (Visibility, error) {
	sc, err := rw.resolve(s)
	if err != nil {
		return Live, err
	}
	if t.Rule != policy.Soft {
		return All, nil
	}
	return sc.visibility(t), nil
}

// visibility returns what scope sc lets statements see of table t.
func (sc *resolvedScope) visibility(t *policy.Table) Visibility {
	switch {
	case sc.only[t]:
		return Deleted
	case sc.with[t]:
		return All
	case sc.onlyAll:
		return Deleted
	case sc.withAll:
		return All
	}
	return Live
}

func (pl *Plan) refuse(err error, t *policy.Table, pos int, format string, args ...any) {
	r := &Refusal{Err: err, Pos: pos, Msg: fmt.Sprintf(format, args...)}
	if t != nil {
		r.Table = t.Name
	}
	r.Line, r.Column = lineCol(pl.SQL, pos)
	pl.Refusals = append(pl.Refusals, r)
}

// Edit ranks order edits that fall on the same byte: an inner clause closes
// before a SET list is added, a join's new ON comes next (it belongs to the
// table just before it), and a new WHERE last.
const (
	rankOpen = iota
	rankClose
	rankSet
	rankNewOn
	rankNewClause
)

type rankedEdit struct {
	Edit
	rank, seq int
}

func (pl *Plan) edit(e Edit, rank int) {
	// Keep a token the edit ends with apart from the token that follows:
	// ON CONFLICT (a)DO must not become ... IS NULLDO.
	if n := len(e.Text); n > 0 && e.End < len(pl.SQL) && wordByte(e.Text[n-1]) && !strings.ContainsRune(" \t\r\n\f\v)];,-/", rune(pl.SQL[e.End])) {
		e.Text += " "
	}
	// And a token it starts with apart from the token before:
	// RETURNING(deleted_at) must not become RETURNINGNULLIF(...).
	if e.Text != "" && e.Start > 0 && e.Start <= len(pl.SQL) && wordByte(pl.SQL[e.Start-1]) && wordStart(e.Text[0]) {
		e.Text = " " + e.Text
	}
	pl.edits = append(pl.edits, rankedEdit{Edit: e, rank: rank, seq: len(pl.edits)})
}

// wordByte reports whether b can end a word, a literal or a quoted name.
func wordByte(b byte) bool {
	return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9' || strings.IndexByte("_\"'`]$", b) >= 0
}

// wordStart reports whether b can start a word, a literal, a quoted name
// or a parameter.
func wordStart(b byte) bool {
	return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9' || strings.IndexByte("_\"'`[$@", b) >= 0
}

// sortEdits orders edits by position; at one byte, insertions before a
// replacement, then by rank, then in the order they were made.
func sortEdits(edits []rankedEdit) {
	sort.SliceStable(edits, func(i, j int) bool {
		a, b := edits[i], edits[j]
		if a.Start != b.Start {
			return a.Start < b.Start
		}
		// An insertion goes before a replacement that starts on its byte.
		if ar, br := a.End > a.Start, b.End > b.Start; ar != br {
			return br
		}
		if a.rank != b.rank {
			return a.rank < b.rank
		}
		return a.seq < b.seq
	})
}

// apply applies sorted, non-overlapping edits to src.
func apply(src string, edits []rankedEdit) string {
	n := len(src)
	for _, e := range edits {
		n += len(e.Text) - (e.End - e.Start)
	}
	var b strings.Builder
	b.Grow(n)
	at := 0
	for _, e := range edits {
		b.WriteString(src[at:e.Start])
		b.WriteString(e.Text)
		at = e.End
	}
	b.WriteString(src[at:])
	return b.String()
}

// overlapping reports whether sorted edits overlap, which would corrupt
// the statement: a bug in an adapter, refused rather than sent.
func overlapping(edits []rankedEdit) bool {
	end := -1
	for _, e := range edits {
		if e.Start < end || e.End < e.Start {
			return true
		}
		if e.End > end {
			end = e.End
		}
	}
	return false
}
