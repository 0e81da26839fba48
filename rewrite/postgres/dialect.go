// Package postgres is tombstone's PostgreSQL adapter: it parses statements
// with pg_query (github.com/pganalyze/pg_query_go/v5, PostgreSQL's own
// parser) and describes them in package rewrite's model, and it renders
// PostgreSQL syntax for the core's edits.
//
// pg_query's parse tree gives where nodes start but not where clauses end;
// the adapter finds clause boundaries with pg_query's scanner, anchored at
// positions the parse tree reports. The core then edits the original text
// at those positions: nothing is deparsed.
package postgres

import (
	"errors"
	"fmt"
	"sort"
	"strings"

	pg "github.com/pganalyze/pg_query_go/v5"
	pgparser "github.com/pganalyze/pg_query_go/v5/parser"

	"github.com/tombstone-sql/tombstone/policy"
	"github.com/tombstone-sql/tombstone/rewrite"
)

// Dialect is the PostgreSQL dialect.
type Dialect struct{}

var (
	_ rewrite.Dialect              = Dialect{}
	_ rewrite.CaseSensitiveColumns = Dialect{}
	_ rewrite.DynamicSQL           = Dialect{}
	_ rewrite.EqualityLast         = Dialect{}
)

// Name returns "postgres".
func (Dialect) Name() string { return "postgres" }

// CaseSensitiveColumns marks PostgreSQL's column names as exact once
// folded: the policy's column is the name as stored.
func (Dialect) CaseSensitiveColumns() {}

// DynamicWords returns the names of the functions that run SQL text or
// read tables by name, so that a statement calling one is always analyzed.
func (Dialect) DynamicWords() []string {
	words := make([]string, 0, len(runsSQL))
	for name := range runsSQL {
		words = append(words, name)
	}
	sort.Strings(words)
	return words
}

// Quote returns ident as PostgreSQL needs it: bare when it is a lower-case
// name that is not a keyword, double-quoted otherwise.
func (Dialect) Quote(ident string) string {
	if plain(ident) && !keywords[ident] {
		return ident
	}
	return `"` + strings.ReplaceAll(ident, `"`, `""`) + `"`
}

func plain(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z', c == '_':
		case (c >= '0' && c <= '9' || c == '$') && i > 0:
		default:
			return false
		}
	}
	return true
}

// ZeroTest returns col = ANY ('{0}'): the planner makes col = 0 an
// equivalence class and evaluates it after every other term, but leaves a
// one-element ANY where it is written, at half an operator's cost (below
// every built-in function), and still proves partial indexes WHERE
// col = 0 from it.
func (Dialect) ZeroTest(col string) string { return col + " = ANY ('{0}')" }

// Mark returns the value that tombstones a row now.
func (Dialect) Mark(m policy.Marker) string {
	switch m {
	case policy.Flag:
		return "TRUE"
	case policy.Unix:
		return "CAST(FLOOR(EXTRACT(EPOCH FROM CURRENT_TIMESTAMP)) AS bigint)"
	}
	return "CURRENT_TIMESTAMP"
}

// tooDeep is the refusal of a statement beyond pg_query's limits (the
// SQLite adapter parses through them too).
const tooDeep = "it nests deeper than tombstone's parser follows (about 10,000 levels of UNION arms or parentheses, fewer of nested subqueries; PostgreSQL's own parser stops there too); split it into smaller statements, e.g. a long UNION ALL into batches of 1,000 SELECTs"

// Analyze parses sql and describes each statement.
func (Dialect) Analyze(sql string) ([]*rewrite.Statement, error) {
	tree, err := pg.Parse(sql)
	if err != nil {
		return nil, syntaxError(sql, err)
	}
	ts, err := scan(sql)
	if err != nil {
		return nil, syntaxError(sql, err)
	}
	out := make([]*rewrite.Statement, 0, len(tree.Stmts))
	for _, raw := range tree.Stmts {
		start := int(raw.StmtLocation)
		end := len(sql)
		if raw.StmtLen > 0 {
			end = start + int(raw.StmtLen)
		}
		st := &rewrite.Statement{Span: rewrite.Span{Start: start, End: end}}
		w := &walker{ts: ts, stmt: st, loose: rewrite.Unknown}
		w.end = sort.Search(len(ts.t), func(i int) bool { return ts.t[i].start >= end })
		if err := w.walk(raw.Stmt); err != nil {
			return nil, err
		}
		out = append(out, st)
	}
	return out, nil
}

// walk describes one statement; a bug that panics refuses the statement
// instead of taking the application down.
func (w *walker) walk(n *pg.Node) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = &rewrite.SyntaxError{Msg: fmt.Sprintf("tombstone cannot follow this statement (internal error: %v; please report it)", r), Pos: w.stmt.Span.Start}
		}
	}()
	w.statement(n, nil)
	if w.err != nil {
		return &rewrite.SyntaxError{Msg: w.err.Error(), Pos: w.errPos}
	}
	return nil
}

func syntaxError(sql string, err error) error {
	var pe *pgparser.Error
	if errors.As(err, &pe) {
		pos := -1
		if pe.Cursorpos > 0 {
			pos = byteOffset(sql, pe.Cursorpos-1)
		}
		if pe.Message == "memory exhausted" || strings.HasPrefix(pe.Message, "memory exhausted ") {
			// The parser's stack (10,000 entries, as in the server) is full.
			return &rewrite.LimitError{Msg: tooDeep, Pos: pos}
		}
		return &rewrite.SyntaxError{Msg: pe.Message, Pos: pos}
	}
	if strings.Contains(err.Error(), "exceeded maximum recursion depth") {
		// pg_query hands the parse tree over as protobuf, which nests at
		// most 10,000 messages: a UNION of about 10,000 SELECTs.
		return &rewrite.LimitError{Msg: tooDeep, Pos: -1}
	}
	return &rewrite.SyntaxError{Msg: err.Error(), Pos: -1}
}

// byteOffset converts PostgreSQL's character position to a byte offset.
func byteOffset(s string, chars int) int {
	n := 0
	for i := range s {
		if n == chars {
			return i
		}
		n++
	}
	return len(s)
}
