package postgres

import (
	"fmt"
	"sort"
	"strings"

	pg "github.com/pganalyze/pg_query_go/v5"
)

// token is one significant token of the input (comments are dropped).
type token struct {
	start, end int
	kind       pg.Token
	// depth counts the brackets open before the token: ( [ and CASE. A
	// closing bracket has its opener's depth.
	depth int
	// match is the index of the matching bracket, or -1.
	match int
}

// tokens is the scanner's view of the input; the parser tells what a
// statement means, the tokens tell where its clauses begin and end.
type tokens struct {
	src string
	t   []token
}

func scan(src string) (*tokens, error) {
	res, err := pg.Scan(src)
	if err != nil {
		return nil, err
	}
	ts := &tokens{src: src, t: make([]token, 0, len(res.Tokens))}
	var open []int
	prev := 0
	for _, st := range res.Tokens {
		k := st.Token
		start, end := int(st.Start), int(st.End)
		if k == pg.Token_UIDENT || k == pg.Token_USCONST {
			// pg_query reports U&"…" and U&'…' as one byte long.
			end = quotedEnd(src, start+2)
		}
		// Between tokens there may only be white space: anything else means
		// the scanner and the text disagree, and positions cannot be trusted.
		if start < prev || end < start || end > len(src) || strings.TrimSpace(src[prev:start]) != "" {
			return nil, fmt.Errorf("the scanner's tokens do not cover the text at byte %d", prev)
		}
		prev = end
		if k == pg.Token_SQL_COMMENT || k == pg.Token_C_COMMENT {
			continue
		}
		if k == pg.Token_SCONST && src[start] == '\'' && strings.ContainsRune(src[start:end], '\\') {
			// With standard_conforming_strings off, the server reads a
			// backslash in '…' as an escape and the statement differently
			// from the parser; E'…' is the same either way.
			return nil, fmt.Errorf("a backslash in the string literal at byte %d reads differently when standard_conforming_strings is off; write it as E'…'", start)
		}
		tk := token{start: start, end: end, kind: k, match: -1, depth: len(open)}
		i := len(ts.t)
		// CASE and END are brackets, but not as labels (AS case) or names
		// after a dot (t.end).
		name := i > 0 && (ts.t[i-1].kind == pg.Token_AS || ts.t[i-1].kind == pg.Token_ASCII_46)
		switch {
		case k == pg.Token_ASCII_40, k == pg.Token_ASCII_91, k == pg.Token_CASE && !name:
			open = append(open, i)
		case k == pg.Token_ASCII_41, k == pg.Token_ASCII_93, k == pg.Token_END_P && !name:
			n := len(open)
			if n == 0 || !closes(ts.t[open[n-1]].kind, k) {
				if k == pg.Token_END_P && n == 0 {
					break // END as a statement (END TRANSACTION)
				}
				return nil, fmt.Errorf("unbalanced %q at byte %d", src[start:end], start)
			}
			o := open[n-1]
			open = open[:n-1]
			tk.depth = len(open)
			tk.match = o
			ts.t[o].match = i
		}
		ts.t = append(ts.t, tk)
	}
	if strings.TrimSpace(src[prev:]) != "" {
		return nil, fmt.Errorf("the scanner's tokens do not cover the text at byte %d", prev)
	}
	if len(open) > 0 {
		return nil, fmt.Errorf("unbalanced %q at byte %d", src[ts.t[open[0]].start:ts.t[open[0]].end], ts.t[open[0]].start)
	}
	return ts, nil
}

// quotedEnd returns the end of the quoted text starting at src[i] (a ' or
// "), where a doubled quote stands for itself.
func quotedEnd(src string, i int) int {
	if i >= len(src) {
		return len(src)
	}
	q := src[i]
	for j := i + 1; j < len(src); j++ {
		if src[j] == q {
			if j+1 < len(src) && src[j+1] == q {
				j++
				continue
			}
			return j + 1
		}
	}
	return len(src)
}

func closes(open, close pg.Token) bool {
	switch close {
	case pg.Token_ASCII_41:
		return open == pg.Token_ASCII_40
	case pg.Token_ASCII_93:
		return open == pg.Token_ASCII_91
	}
	return open == pg.Token_CASE
}

// at returns the index of the token that starts at byte pos.
func (ts *tokens) at(pos int32) (int, error) {
	i := sort.Search(len(ts.t), func(i int) bool { return ts.t[i].start >= int(pos) })
	if i == len(ts.t) || ts.t[i].start != int(pos) {
		return 0, fmt.Errorf("no token starts at byte %d", pos)
	}
	return i, nil
}

// is reports whether token i is keyword or symbol k used as syntax: not a
// label after AS and not a name after a dot (SELECT 1 AS from, t.where).
func (ts *tokens) is(i int, k pg.Token) bool {
	if i < 0 || i >= len(ts.t) || ts.t[i].kind != k {
		return false
	}
	if i > 0 {
		if p := ts.t[i-1].kind; p == pg.Token_AS || p == pg.Token_ASCII_46 {
			return false
		}
	}
	return true
}

func (ts *tokens) kind(i int) pg.Token {
	if i < 0 || i >= len(ts.t) {
		return 0
	}
	return ts.t[i].kind
}

// text returns the source of tokens i through j inclusive.
func (ts *tokens) text(i, j int) string { return ts.src[ts.t[i].start:ts.t[j].end] }

// clauseEnd reports whether token i, at the depth being scanned, ends a
// FROM list, a WHERE or a join condition.
func (ts *tokens) clauseEnd(i int) bool {
	switch ts.t[i].kind {
	case pg.Token_ASCII_59: // ;
		return true
	case pg.Token_WHERE, pg.Token_HAVING, pg.Token_WINDOW, pg.Token_ORDER, pg.Token_LIMIT,
		pg.Token_OFFSET, pg.Token_FETCH, pg.Token_FOR, pg.Token_UNION, pg.Token_INTERSECT,
		pg.Token_EXCEPT, pg.Token_RETURNING, pg.Token_WHEN, pg.Token_THEN, pg.Token_INTO:
		return ts.is(i, ts.t[i].kind)
	case pg.Token_GROUP_P:
		return ts.is(i, pg.Token_GROUP_P) && !ts.is(i-1, pg.Token_WITHIN)
	case pg.Token_ON:
		// ON CONFLICT (…), ON CONFLICT DO, ON CONFLICT ON CONSTRAINT — not
		// a join's ON whose condition starts with a column named conflict.
		if !ts.is(i, pg.Token_ON) || ts.kind(i+1) != pg.Token_CONFLICT {
			return false
		}
		switch ts.kind(i + 2) {
		case pg.Token_ASCII_40, pg.Token_DO, pg.Token_ON:
			return true
		}
		return false
	case pg.Token_WITH:
		// WITH [CASCADED | LOCAL] CHECK OPTION and WITH [NO] DATA end a
		// view's or a CREATE TABLE AS's query; WITH ORDINALITY and
		// "with time zone" do not.
		if !ts.is(i, pg.Token_WITH) {
			return false
		}
		switch ts.kind(i + 1) {
		case pg.Token_CASCADED, pg.Token_LOCAL, pg.Token_CHECK, pg.Token_DATA_P, pg.Token_NO:
			return true
		}
		return false
	}
	return false
}

// joinStart reports whether token i starts the next join of a FROM list,
// which ends the join condition before it.
func (ts *tokens) joinStart(i int) bool {
	switch ts.t[i].kind {
	case pg.Token_ASCII_44, pg.Token_JOIN, pg.Token_INNER_P, pg.Token_CROSS, pg.Token_NATURAL, pg.Token_ON:
		return ts.is(i, ts.t[i].kind)
	case pg.Token_LEFT, pg.Token_RIGHT, pg.Token_FULL:
		// left(s, n) and right(s, n) are functions.
		return ts.is(i, ts.t[i].kind) && ts.kind(i+1) != pg.Token_ASCII_40
	}
	return false
}

// scanFrom walks the tokens after index from at its depth, skipping
// bracketed groups, until stop(i) holds or the depth's group or the
// statement ends; it returns that index (which may be end).
func (ts *tokens) scanFrom(from, end int, stop func(i int) bool) int {
	depth := ts.t[from].depth
	for i := from + 1; i < end; i++ {
		tk := ts.t[i]
		if tk.depth < depth {
			return i
		}
		if stop(i) {
			return i
		}
		if tk.match > i {
			i = tk.match
		}
	}
	return end
}
