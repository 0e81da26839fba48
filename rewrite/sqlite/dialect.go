// Package sqlite is tombstone's SQLite adapter. It describes SQLite
// statements in package rewrite's model and renders SQLite syntax for the
// core's edits, which apply to the original text byte for byte.
//
// # The parser
//
// There is no maintained pure-Go SQLite parser that builds a syntax tree
// with positions, and tombstone must not misread a statement. A parser
// generated from a published SQLite grammar, or written by hand, would be
// a second large grammar to keep exactly equal to SQLite's. SQLite's DML
// grammar is close to PostgreSQL's, and what decides how a statement reads
// at the lowest level — what is a string, a comment, a name or a
// parameter — is the tokenizer. So the adapter tokenizes with SQLite's own
// rules and parses with pg_query (PostgreSQL's parser, through the
// PostgreSQL adapter, hardened for tombstone already) after a
// token-by-token translation; where the two grammars part, pg_query
// refuses the translation and the statement is refused (fail closed), and
// the differential oracle runs the corpus on SQLite itself:
//
//   - The input is split into tokens by a port of SQLite's tokenizer
//     (sqlite3GetToken in tokenize.c): the same quotes, comments, numbers and
//     parameters, checked against the bundled SQLite in the tests. Quotes and
//     comments are therefore read exactly as SQLite reads them; the parts of
//     SQLite's grammar that PostgreSQL lacks are mapped onto PostgreSQL's.
//   - Statements are split where sqlite3_complete splits them (a semicolon
//     ends a statement, except inside CREATE TRIGGER … END).
//   - Each significant token is re-emitted in PostgreSQL's spelling,
//     separated by single spaces, with a map back to the original bytes:
//     parameters (?, ?NNN, :name, @name, $name) become $1; `name` and [name]
//     become "name"; names that are PostgreSQL keywords but not SQLite ones
//     (user, binary, time) are quoted; every quoted name is lower-cased, as
//     SQLite compares names case-insensitively (ASCII only); == becomes =;
//     GLOB, REGEXP and MATCH become LIKE; IS and IS NOT between values become
//     IS [NOT] DISTINCT FROM; x NOT NULL becomes x IS NOT NULL; LIMIT a, b
//     becomes LIMIT a OFFSET b; INSERT OR …, UPDATE OR …, INDEXED BY and NOT
//     INDEXED are dropped and remembered; REPLACE INTO becomes INSERT INTO;
//     a JOIN with neither ON nor USING gets ON TRUE, which maps back to a
//     place for a new ON clause; comments are dropped.
//   - pg_query parses the translation and the PostgreSQL adapter describes
//     it; every position of that model is mapped back to the original text,
//     and the SQLite-only facts are added: the target of INSERT OR REPLACE,
//     REPLACE INTO and UPDATE OR REPLACE has Use Replace (it hides a
//     delete), and a table with INDEXED BY cannot become a derived table.
//
// A translation that pg_query refuses is a syntax error: statements that
// may mention a governed table are refused (fail closed). Statements whose
// grammar PostgreSQL does not share and that read no rows (CREATE TABLE
// without AS, CREATE INDEX, DROP, ALTER, PRAGMA, transaction control,
// ANALYZE, REINDEX, DETACH) are described without pg_query. CREATE TRIGGER,
// whose body runs later without tombstone, and CREATE VIRTUAL TABLE, whose
// module may read another table later (FTS5 content=…), are opaque:
// refused when they may mention a governed table; so are ATTACH and VACUUM
// INTO with a subquery.
//
// # Markers
//
// SQLite has no timestamp type: a timestamp marker is tombstoned with
// CURRENT_TIMESTAMP, stored as UTC text 'YYYY-MM-DD HH:MM:SS', which sorts
// and compares in time order; NULL is live. A flag marker is set to 1 and
// tested with IS NOT TRUE / IS TRUE (SQLite 3.23 or later). A unix marker is
// set to CAST(strftime('%s','now') AS INTEGER), which every SQLite version
// computes, and 0 is live.
package sqlite

import (
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/tombstone-sql/tombstone/policy"
	"github.com/tombstone-sql/tombstone/rewrite"
	"github.com/tombstone-sql/tombstone/rewrite/postgres"
)

// Dialect is the SQLite dialect.
type Dialect struct{}

var _ rewrite.Dialect = Dialect{}

// Name returns "sqlite".
func (Dialect) Name() string { return "sqlite" }

// Quote returns ident as SQLite needs it: bare when it is a plain name that
// is not a keyword, double-quoted otherwise.
func (Dialect) Quote(ident string) string {
	if plainName(ident) && keyword(ident) == "" {
		if l := lower(ident); l != "true" && l != "false" {
			return ident
		}
	}
	return `"` + strings.ReplaceAll(ident, `"`, `""`) + `"`
}

func plainName(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c == '_':
		case c >= '0' && c <= '9' && i > 0:
		default:
			return false
		}
	}
	return true
}

// OnAfterWhere marks SQLite as evaluating an inner join's ON terms after
// the WHERE's: it appends them to the WHERE.
func (Dialect) OnAfterWhere() {}

// Mark returns the value that tombstones a row now.
func (Dialect) Mark(m policy.Marker) string {
	switch m {
	case policy.Flag:
		return "1"
	case policy.Unix:
		return "CAST(strftime('%s','now') AS INTEGER)"
	}
	return "CURRENT_TIMESTAMP"
}

// Analyze parses sql, one or more statements, and describes each.
func (Dialect) Analyze(sql string) ([]*rewrite.Statement, error) {
	toks := scan(sql)
	var out []*rewrite.Statement
	for _, s := range split(sql, toks) {
		st, err := analyze(sql, s)
		if err != nil {
			return nil, err
		}
		out = append(out, st)
	}
	return out, nil
}

// analyze describes one statement.
func analyze(src string, s stmt) (*rewrite.Statement, error) {
	for _, t := range s.toks {
		if t.kind == tkIllegal {
			return nil, syntaxErr(t.start, "unrecognized token: %q", src[t.start:t.end])
		}
	}
	st := &rewrite.Statement{Span: rewrite.Span{Start: s.start, End: s.end}}
	switch kind, what := native(s.toks); kind {
	case schemaOnly:
		return st, nil
	case opaque:
		st.Opaque = what
		return st, nil
	}
	tr, err := translate(src, s.toks)
	if err != nil {
		return nil, err
	}
	if len(tr.segs) == 0 {
		return nil, syntaxErr(s.end, "incomplete statement")
	}
	pgText := tr.pg.String()
	pst, err := postgres.Dialect{}.Analyze(pgText)
	if err != nil {
		return nil, tr.syntaxError(src, err)
	}
	if len(pst) != 1 {
		return nil, syntaxErr(s.start, "tombstone cannot follow this statement: it reads as %d statements", len(pst))
	}
	m := &mapper{src: src, toks: s.toks, tr: tr, clauses: map[*rewrite.Clause]bool{}, refs: map[*rewrite.Ref]bool{}}
	p := pst[0]
	st.Refs = p.Refs
	st.Blocks = p.Blocks
	st.Deletes = p.Deletes
	st.Conflicts = p.Conflicts
	st.Opaque = p.Opaque
	st.Stored = p.Stored
	if err := m.statement(st); err != nil {
		return nil, err
	}
	return st, nil
}

type nativeKind int

const (
	viaPostgres nativeKind = iota
	schemaOnly             // reads no rows: nothing to enforce
	opaque                 // runs statements tombstone cannot rewrite
)

// native classifies the statements that do not go through pg_query; for
// an opaque one it also names it.
func native(toks []token) (nativeKind, string) {
	kw := func(i int) string {
		if i < len(toks) {
			return toks[i].kw
		}
		return ""
	}
	hasSelect := func() bool {
		for _, t := range toks {
			if t.kw == "SELECT" {
				return true
			}
		}
		return false
	}
	switch kw(0) {
	case "CREATE":
		i := 1
		for kw(i) == "TEMP" || kw(i) == "TEMPORARY" || kw(i) == "UNIQUE" {
			i++
		}
		switch kw(i) {
		case "TABLE":
			// CREATE TABLE … AS SELECT reads rows; a column list does not.
			for j := i + 1; j < len(toks); j++ {
				if toks[j].kind == tkLP {
					return schemaOnly, ""
				}
				if toks[j].kw == "AS" {
					return viaPostgres, ""
				}
			}
			return schemaOnly, ""
		case "INDEX":
			return schemaOnly, ""
		case "TRIGGER":
			// The body runs later, on every matching change, without
			// tombstone.
			return opaque, "CREATE TRIGGER"
		case "VIRTUAL":
			// A module may read another table later (FTS5 content=…).
			return opaque, "CREATE VIRTUAL TABLE"
		}
	case "DROP", "ALTER", "PRAGMA", "BEGIN", "COMMIT", "END", "ROLLBACK", "SAVEPOINT",
		"RELEASE", "ANALYZE", "REINDEX", "DETACH":
		return schemaOnly, ""
	case "ATTACH", "VACUUM":
		if hasSelect() {
			return opaque, kw(0) + " with a subquery"
		}
		return schemaOnly, ""
	}
	return viaPostgres, ""
}

// syntaxError maps a pg_query error on the translation back to the
// original: its position, and the token it quotes.
func (tr *translation) syntaxError(src string, err error) error {
	var le *rewrite.LimitError
	if errors.As(err, &le) {
		pos := -1
		if le.Pos >= 0 {
			pos = tr.start(le.Pos)
		}
		return &rewrite.LimitError{Msg: le.Msg, Pos: pos}
	}
	var se *rewrite.SyntaxError
	if !errors.As(err, &se) {
		return &rewrite.SyntaxError{Msg: err.Error(), Pos: -1}
	}
	pos := -1
	msg := se.Msg
	if se.Pos >= 0 {
		pos = tr.start(se.Pos)
		if i := tr.seg(se.Pos); i >= 0 && tr.segs[i].pg0 == se.Pos {
			pg := tr.pg.String()
			sg := tr.segs[i]
			if q := fmt.Sprintf("at or near %q", pg[sg.pg0:sg.pg1]); strings.Contains(msg, q) {
				msg = strings.Replace(msg, q, fmt.Sprintf("at or near %q", src[sg.o0:sg.o1]), 1)
			}
		}
	}
	return &rewrite.SyntaxError{Msg: msg, Pos: pos}
}

// seg returns the index of the last segment starting at or before p.
func (tr *translation) seg(p int) int {
	return sort.Search(len(tr.segs), func(i int) bool { return tr.segs[i].pg0 > p }) - 1
}

// start maps a position where something starts.
func (tr *translation) start(p int) int {
	i := tr.seg(p)
	if i < 0 {
		return tr.segs[0].o0
	}
	s := tr.segs[i]
	switch {
	case p == s.pg0:
		return s.o0
	case p < s.pg1:
		if s.pg1-s.pg0 == s.o1-s.o0 {
			return s.o0 + p - s.pg0
		}
		return s.o0
	}
	return s.o1
}

// end maps a position where something ends; loose ends extend over the
// tokens dropped after the last one (a WHERE goes after INDEXED BY i).
func (tr *translation) end(p int, loose bool) int {
	i := sort.Search(len(tr.segs), func(i int) bool { return tr.segs[i].pg0 >= p }) - 1
	if i < 0 {
		return tr.segs[0].o0
	}
	s := tr.segs[i]
	if p < s.pg1 {
		if s.pg1-s.pg0 == s.o1-s.o0 {
			return s.o0 + p - s.pg0
		}
		return s.o1
	}
	if loose {
		return s.loose
	}
	return s.o1
}
