// Package mysql is tombstone's MySQL and MariaDB adapter: it describes
// statements in package rewrite's model and renders MySQL syntax for the
// core's edits.
//
// Parser. Statements are parsed with TiDB's MySQL parser
// (github.com/pingcap/tidb/pkg/parser, the parser sqlc uses for MySQL): a
// maintained, pure-Go, MySQL 8 grammar with a light dependency tree and no
// side effects on import. Vitess's parser was the alternative; it pulls in
// gRPC and glog, and glog registers -v, -log_dir and other flags on the
// program's global flag set, which a library must not do. Neither parser
// reports byte positions for table references or clause boundaries (TiDB
// keeps one offset per statement; Vitess's tokenizer reports only where a
// token ends), so the adapter reads positions from its own lexer, which
// follows the server's lexical rules (comments, quoting, executable
// comments) under the default sql_mode. A walker finds the clauses in the
// tokens, and every statement is cross-checked against the parser's tree
// (the table references, the SELECT blocks, the outer joins and join
// conditions); when they differ the statement is refused, never guessed.
//
// Comments. #, -- (followed by a space or control character) and /* */
// comments are left alone; edits never land inside them. An executable
// comment /*! … */ without a version runs on every MySQL and MariaDB
// server, so its text is read as SQL, like the server does, and may
// receive edits. Whether a versioned one (/*!50700 … */) or a MariaDB one
// (/*M! … */) runs depends on the server's kind and version, so a
// statement holding one is refused when it may mention a governed table.
// TiDB's /*T! … */ is a plain comment to MySQL and MariaDB and is read as
// one. A string literal whose reading depends on sql_mode's
// NO_BACKSLASH_ESCAPES ('\' …) is refused the same way.
//
// Names. Table names, aliases and CTE names compare exactly, as MariaDB on
// Linux compares them by default (lower_case_table_names=0); a spelling
// that differs only in case gets a redundant predicate, never a missing
// one. Column names compare case-insensitively, as the server does.
package mysql

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"sync"

	"github.com/pingcap/tidb/pkg/parser"
	"github.com/pingcap/tidb/pkg/parser/ast"
	_ "github.com/pingcap/tidb/pkg/parser/test_driver" // literal values for the parser

	"github.com/tombstone-sql/tombstone/policy"
	"github.com/tombstone-sql/tombstone/rewrite"
)

// Dialect is the MySQL and MariaDB dialect.
type Dialect struct{}

var _ rewrite.Dialect = Dialect{}

// Name returns "mysql".
func (Dialect) Name() string { return "mysql" }

// Quote returns ident bare when it is a plain name that is not a keyword,
// in backticks otherwise.
func (Dialect) Quote(ident string) string {
	if plain(ident) && !keywords[strings.ToUpper(ident)] {
		return ident
	}
	return "`" + strings.ReplaceAll(ident, "`", "``") + "`"
}

func plain(s string) bool {
	if s == "" {
		return false
	}
	digits := true
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c == '_':
			digits = false
		case c >= '0' && c <= '9', c == '$':
		default:
			return false
		}
	}
	return !digits && !(s[0] >= '0' && s[0] <= '9')
}

// Mark returns the value that tombstones a row now: CURRENT_TIMESTAMP(6)
// for a timestamp marker (microseconds, which a DATETIME or TIMESTAMP
// column of lower precision rounds to its own), TRUE for a flag and
// UNIX_TIMESTAMP() for a unix marker.
func (Dialect) Mark(m policy.Marker) string {
	switch m {
	case policy.Flag:
		return "TRUE"
	case policy.Unix:
		return "UNIX_TIMESTAMP()"
	}
	return "CURRENT_TIMESTAMP(6)"
}

var (
	_ rewrite.EqualityLast = Dialect{}
	_ rewrite.OnAfterWhere = Dialect{}
)

// OnAfterWhere marks MariaDB and MySQL as evaluating an inner join's ON
// terms after the WHERE's.
func (Dialect) OnAfterWhere() {}

// ZeroTest returns col <=> 0: MariaDB evaluates c = 0 (and NOT c) of a
// row read by a key lookup after the caller's terms, but keeps the
// null-safe comparison where it is written.
func (Dialect) ZeroTest(col string) string { return col + " <=> 0" }

// DynamicWords returns the words that start statements running SQL text
// built at run time: PREPARE … FROM and MariaDB's EXECUTE IMMEDIATE.
func (Dialect) DynamicWords() []string { return []string{"prepare", "immediate"} }

// keywords holds every keyword the parser knows; Quote quotes them all.
// reserved holds those that cannot be bare names.
var keywords, reserved = func() (map[string]bool, map[string]bool) {
	all, res := map[string]bool{}, map[string]bool{}
	for _, k := range parser.Keywords {
		all[k.Word] = true
		if k.Reserved {
			res[k.Word] = true
		}
	}
	// MariaDB's reserved words that TiDB does not reserve.
	for _, k := range []string{"RETURNING", "OFFSET", "FETCH", "LATERAL", "DUAL"} {
		all[k] = true
	}
	return all, res
}()

// MaxDepth is how deeply parentheses may nest in a statement: deeper ones
// are refused before the parser sees them, which keeps the walk of one
// statement bounded.
const MaxDepth = 1000

var parsers = sync.Pool{New: func() any { return parser.New() }}

// Analyze parses sql and describes each statement.
func (Dialect) Analyze(sql string) ([]*rewrite.Statement, error) {
	lx, err := lex(sql, false)
	if err != nil {
		le := err.(*lexError)
		return nil, &rewrite.SyntaxError{Msg: le.msg, Pos: le.pos}
	}
	for _, t := range lx.t {
		if t.depth >= MaxDepth {
			return nil, &rewrite.LimitError{Pos: t.start, Msg: fmt.Sprintf("its parentheses nest more than %d levels deep, more than tombstone follows (MariaDB and MySQL themselves refuse SELECTs nested more than 63 deep); write it with fewer levels, e.g. a join or a WITH query instead of nested subqueries", MaxDepth)}
		}
	}
	var differs map[int]bool // statement starts whose tokens NO_BACKSLASH_ESCAPES changes
	if lx.backslash {
		differs = map[int]bool{}
		other, err := lex(sql, true)
		ends := map[[2]int]bool{}
		if err == nil {
			for _, t := range other.t {
				ends[[2]int{t.start, t.end}] = true
			}
		}
		start := 0
		for _, t := range lx.t {
			if !ends[[2]int{t.start, t.end}] {
				differs[start] = true
			}
			if t.kind == op && t.up == ";" && t.depth == 0 {
				start = t.end
			}
		}
	}
	var out []*rewrite.Statement
	lo, start := 0, 0
	for i := 0; i <= len(lx.t); i++ {
		if i < len(lx.t) && !(lx.t[i].kind == op && lx.t[i].up == ";" && lx.t[i].depth == 0) {
			continue
		}
		end := len(sql)
		if i < len(lx.t) {
			end = lx.t[i].start
		}
		if i > lo {
			st, err := analyze(lx, lo, i, rewrite.Span{Start: start, End: end}, differs[start])
			if err != nil {
				return nil, err
			}
			out = append(out, st)
		}
		lo = i + 1
		if i < len(lx.t) {
			start = lx.t[i].end
		}
	}
	if len(lx.t) > 0 && lx.t[len(lx.t)-1].depth != 0 || unbalanced(lx) {
		return nil, &rewrite.SyntaxError{Msg: "unbalanced parentheses", Pos: len(sql)}
	}
	return out, nil
}

func unbalanced(lx *lexed) bool {
	for _, t := range lx.t {
		if t.kind == op && (t.up == "(" || t.up == ")") && t.match < 0 {
			return true
		}
	}
	return false
}

// analyze describes the statement in tokens [lo, hi).
func analyze(lx *lexed, lo, hi int, span rewrite.Span, backslash bool) (*rewrite.Statement, error) {
	st := &rewrite.Statement{Span: span}
	for _, c := range lx.comments {
		if c.versioned && c.start >= span.Start && c.start < span.End {
			st.Opaque = "a statement with a version-dependent executable comment (/*!NNNNN … */ or /*M! … */)"
			return st, nil
		}
	}
	if backslash {
		st.Opaque = "a statement whose string literals read differently under sql_mode NO_BACKSLASH_ESCAPES"
		return st, nil
	}
	w := &walker{lx: lx, lo: lo, hi: hi, stmt: st, label: map[*rewrite.FromItem]string{}}
	if w.dynamic() {
		return st, nil
	}

	// The parser reads the statement without its RETURNING list (which it
	// does not know), and the list on its own as a select list.
	text := []byte(lx.src[span.Start:span.End])
	for _, c := range lx.comments {
		if c.tidb && c.start >= span.Start && c.end <= span.End {
			blank(text, c.start-span.Start, c.end-span.Start)
		}
	}
	// SELECT … INTO @a, @b assigns variables; the parser does not know the
	// clause, which reads no table, so it reads the statement without it.
	for i := lo; i < hi; i++ {
		if w.kw(i, "INTO") && i+1 < hi && lx.t[i+1].kind == variable {
			j := i + 1
			for j+2 < hi && w.op(j+1, ",") && lx.t[j+2].kind == variable {
				j += 2
			}
			blank(text, lx.t[i].start-span.Start, lx.t[j].end-span.Start)
			i = j
		}
	}
	var returning []byte
	if ret := w.find(lo, hi, 0, func(j int) bool { return w.kw(j, "RETURNING") }); ret < hi && w.kwAny(lo, "DELETE", "INSERT", "REPLACE") {
		off := lx.t[ret].start - span.Start
		returning = append([]byte(nil), text...)
		blank(returning, 0, off)
		copy(returning[off:], "SELECT   ")
		blank(text, off, len(text))
	}
	p := parsers.Get().(*parser.Parser)
	defer func() { parsers.Put(p) }()
	stmt, err := parseOne(&p, string(text), span.Start)
	if err != nil {
		return nil, err
	}
	f := &facts{}
	gather(f, stmt)
	if returning != nil {
		rs, err := parseOne(&p, string(returning), span.Start)
		if err != nil {
			return nil, err
		}
		gather(f, rs)
		f.selects-- // the SELECT standing for RETURNING
	}
	w.dispatch(lo, nil)
	if w.err == nil {
		w.crossCheck(f, stmt)
	}
	if w.err != nil {
		return nil, &rewrite.SyntaxError{Msg: w.err.Error(), Pos: w.errPos}
	}
	return st, nil
}

func blank(b []byte, from, to int) {
	for i := from; i < to; i++ {
		if b[i] != '\n' {
			b[i] = ' '
		}
	}
}

// parseOne parses one statement; base is its offset in the input. A
// panic in the parser (its literal driver panics on some numbers) is a
// refusal, and the parser is not reused.
func parseOne(pp **parser.Parser, text string, base int) (stmt ast.StmtNode, err error) {
	defer func() {
		if r := recover(); r != nil {
			*pp = parser.New()
			stmt, err = nil, &rewrite.SyntaxError{Msg: fmt.Sprintf("the parser failed on this statement: %v", r), Pos: base}
		}
	}()
	stmts, _, err := (*pp).ParseSQL(text)
	if err != nil {
		return nil, syntaxError(text, base, err)
	}
	if len(stmts) != 1 {
		return nil, &rewrite.SyntaxError{Msg: fmt.Sprintf("the parser reads %d statements where tombstone reads one", len(stmts)), Pos: base}
	}
	return stmts[0], nil
}

var parseErr = regexp.MustCompile(`^line (\d+) column (\d+) near "(?s:(.*))"\s*$`)

// syntaxError turns the parser's error into a SyntaxError at the byte
// where the parser stopped.
func syntaxError(text string, base int, err error) error {
	msg := err.Error()
	m := parseErr.FindStringSubmatch(msg)
	if m == nil {
		return &rewrite.SyntaxError{Msg: msg, Pos: base}
	}
	near := m[3]
	pos := -1
	if strings.HasSuffix(text, near) {
		pos = len(text) - len(near)
	} else {
		line, _ := strconv.Atoi(m[1])
		col, _ := strconv.Atoi(m[2])
		pos = 0
		for l := 1; l < line && pos < len(text); l++ {
			k := strings.IndexByte(text[pos:], '\n')
			if k < 0 {
				break
			}
			pos += k + 1
		}
		pos = min(pos+max(col-1, 0), len(text))
	}
	if near == "" {
		return &rewrite.SyntaxError{Msg: "syntax error at the end of the statement", Pos: base + pos}
	}
	if len(near) > 40 {
		near = near[:40] + "…"
	}
	return &rewrite.SyntaxError{Msg: fmt.Sprintf("syntax error near %q", near), Pos: base + pos}
}
