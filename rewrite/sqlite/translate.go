package sqlite

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/tombstone-sql/tombstone/rewrite"
	"github.com/tombstone-sql/tombstone/rewrite/postgres"
)

// This file translates one SQLite statement into PostgreSQL text that
// pg_query parses into the same structure: the same table references, the
// same clauses, the same column tests. The translation is never executed;
// it only has to mean the same to tombstone. Each significant token is
// re-emitted in PostgreSQL's spelling, separated by one space, so that no
// two tokens can fuse differently in PostgreSQL's lexer (E'…', U&"…", $$),
// and comments, which PostgreSQL nests and SQLite does not, are dropped.

// segment maps one emitted token back to the original text.
type segment struct {
	pg0, pg1 int // bytes of the translation
	o0, o1   int // bytes of the original token(s)
	// loose is o1 extended over the tokens dropped right after this one
	// (INDEXED BY i, OR IGNORE): where a clause after it must go.
	loose int
}

// translation is a statement in PostgreSQL's spelling and the map back.
type translation struct {
	pg   strings.Builder
	segs []segment
	// indexed holds where each INDEXED BY or NOT INDEXED starts.
	indexed []int
	// replaced holds where the target of each INSERT OR REPLACE, REPLACE
	// INTO and UPDATE OR REPLACE starts.
	replaced []int
}

func (tr *translation) emit(text string, o0, o1 int) {
	if tr.pg.Len() > 0 {
		tr.pg.WriteByte(' ')
	}
	p := tr.pg.Len()
	tr.pg.WriteString(text)
	tr.segs = append(tr.segs, segment{pg0: p, pg1: tr.pg.Len(), o0: o0, o1: o1, loose: o1})
}

func (tr *translation) drop(t token) {
	if n := len(tr.segs); n > 0 {
		tr.segs[n-1].loose = t.end
	}
}

// maxIdent is the longest name PostgreSQL keeps whole (NAMEDATALEN-1);
// longer ones it truncates, so two names could meet. They are refused.
const maxIdent = 63

// translator holds the state of one statement's translation.
type translator struct {
	src   string
	toks  []token
	match []int // index of the matching parenthesis, or -1
	tr    translation
	// override replaces the translation of a token by index.
	override map[int]string
	// onTrue holds the tokens after which ON TRUE is added.
	onTrue map[int]bool
}

func syntaxErr(pos int, format string, args ...any) error {
	return &rewrite.SyntaxError{Msg: fmt.Sprintf(format, args...), Pos: pos}
}

// translate turns one statement's tokens into PostgreSQL text.
func translate(src string, toks []token) (*translation, error) {
	x := &translator{src: src, toks: toks, match: make([]int, len(toks))}
	x.tr.segs = make([]segment, 0, len(toks))
	if len(toks) > 0 {
		x.tr.pg.Grow(toks[len(toks)-1].end - toks[0].start + len(toks) + 16)
	}
	var open []int
	for i, t := range toks {
		x.match[i] = -1
		switch t.kind {
		case tkLP:
			open = append(open, i)
		case tkRP:
			if n := len(open); n > 0 {
				x.match[i], x.match[open[n-1]] = open[n-1], i
				open = open[:n-1]
			}
		case tkIllegal:
			return nil, syntaxErr(t.start, "unrecognized token: %q", src[t.start:t.end])
		}
	}
	x.onTrue = x.joinsWithoutConstraint()
	if err := x.run(); err != nil {
		return nil, err
	}
	return &x.tr, nil
}

// joinsWithoutConstraint returns the tokens that end the right-hand side
// of a JOIN with neither ON nor USING. SQLite joins such a pair on every
// row pair (an outer join keeps unmatched rows); PostgreSQL needs ON TRUE,
// which the translation adds and the map back turns into a place for a
// new ON clause.
func (x *translator) joinsWithoutConstraint() map[int]bool {
	var out map[int]bool
	for i, t := range x.toks {
		if t.kw != "JOIN" {
			continue
		}
		plain := true
		for k := i - 1; k >= 0; k-- {
			kw := x.kw(k)
			if kw == "NATURAL" || kw == "CROSS" {
				plain = false
			}
			if kw != "LEFT" && kw != "RIGHT" && kw != "FULL" && kw != "OUTER" && kw != "INNER" && kw != "NATURAL" && kw != "CROSS" {
				break
			}
		}
		if !plain {
			continue
		}
		end := x.factorEnd(i + 1)
		if end < 0 || !x.endsFromItem(end+1) {
			continue
		}
		if out == nil {
			out = map[int]bool{}
		}
		out[end] = true
	}
	return out
}

// endsFromItem reports whether token k can follow a complete FROM item
// (not ON or USING, which would make it a join constraint).
func (x *translator) endsFromItem(k int) bool {
	if k >= len(x.toks) {
		return true
	}
	switch x.toks[k].kind {
	case tkComma, tkRP, tkSemi:
		return true
	}
	switch x.kw(k) {
	case "JOIN", "LEFT", "RIGHT", "FULL", "INNER", "CROSS", "NATURAL", "WHERE", "GROUP", "HAVING",
		"WINDOW", "ORDER", "LIMIT", "UNION", "INTERSECT", "EXCEPT", "RETURNING":
		return true
	}
	return false
}

// factorEnd returns the last token of the table or subquery starting at
// token j, with its alias and index clause, or -1 when it is something
// else.
func (x *translator) factorEnd(j int) int {
	if j >= len(x.toks) {
		return -1
	}
	name := func(k int) bool {
		return k < len(x.toks) && (x.toks[k].kind == tkWord && x.toks[k].kw == "" || x.toks[k].kind == tkQuotedID)
	}
	k := j
	switch {
	case x.toks[j].kind == tkLP:
		k = x.match[j]
	case name(j):
		for k+2 < len(x.toks) && x.toks[k+1].kind == tkDot && name(k+2) {
			k += 2
		}
		if k+1 < len(x.toks) && x.toks[k+1].kind == tkLP {
			k = x.match[k+1]
		}
	default:
		return -1
	}
	if k < 0 {
		return -1
	}
	switch {
	case x.kw(k+1) == "AS":
		if !name(k+2) && !(k+2 < len(x.toks) && x.toks[k+2].kind == tkString) {
			return -1
		}
		k += 2
	case name(k+1) || k+1 < len(x.toks) && x.toks[k+1].kind == tkString:
		k++
	}
	switch {
	case x.kw(k+1) == "INDEXED" && x.kw(k+2) == "BY" && k+3 < len(x.toks):
		k += 3
	case x.kw(k+1) == "NOT" && x.kw(k+2) == "INDEXED":
		k += 2
	}
	return k
}

func (x *translator) text(i int) string {
	if i < 0 || i >= len(x.toks) {
		return ""
	}
	return x.src[x.toks[i].start:x.toks[i].end]
}

func (x *translator) kw(i int) string {
	if i < 0 || i >= len(x.toks) {
		return ""
	}
	return x.toks[i].kw
}

// word reports whether token i is the bare word w (not a keyword).
func (x *translator) word(i int, w string) bool {
	return i >= 0 && i < len(x.toks) && x.toks[i].kind == tkWord && x.toks[i].kw == "" && lower(x.text(i)) == w
}

// ends reports whether token i can end an operand, so that the token after
// it is a binary or postfix operator (x GLOB y, x NOT NULL).
func (x *translator) ends(i int) bool {
	if i < 0 || i >= len(x.toks) {
		return false
	}
	switch x.toks[i].kind {
	case tkWord:
		switch x.toks[i].kw {
		case "", "NULL", "CURRENT_DATE", "CURRENT_TIME", "CURRENT_TIMESTAMP", "END":
			return true
		}
	case tkQuotedID, tkString, tkBlob, tkInteger, tkFloat, tkQNumber, tkVariable, tkRP:
		return true
	}
	return false
}

func (x *translator) emitTok(i int, text string) {
	t := x.toks[i]
	x.tr.emit(text, t.start, t.end)
}

func (x *translator) run() error {
	toks := x.toks
	depth := 0
	// limit[d] is set between a LIMIT at depth d and its first comma.
	limit := []bool{false}
	castParen := map[int]bool{}
	var parens []int
	createView := x.kw(0) == "CREATE" && (x.kw(1) == "VIEW" || (x.kw(1) == "TEMP" || x.kw(1) == "TEMPORARY") && x.kw(2) == "VIEW")
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		text := x.text(i)
		if s, ok := x.override[i]; ok {
			x.emitTok(i, s)
			continue
		}
		switch t.kind {
		case tkWord:
			if err := x.wordTok(i, &i, createView, &limit[depth], castParen); err != nil {
				return err
			}
		case tkQuotedID:
			name := dequote(text)
			if len(name) > maxIdent {
				return syntaxErr(t.start, "identifier %s is longer than %d bytes", text, maxIdent)
			}
			x.emitTok(i, `"`+strings.ReplaceAll(lower(name), `"`, `""`)+`"`)
		case tkString:
			if strings.IndexByte(text, '\\') >= 0 {
				// A backslash is a plain character in SQLite
				// (LIKE … ESCAPE '\'); the adapter for PostgreSQL
				// refuses one in '…', so it is spelled as an E'…' escape.
				text = "E" + strings.ReplaceAll(text, `\`, `\\`)
			}
			x.emitTok(i, text)
		case tkBlob:
			x.emitTok(i, "''")
		case tkInteger, tkFloat, tkQNumber:
			n, err := pgNumber(text, t.kind)
			if err != nil {
				return syntaxErr(t.start, "%v", err)
			}
			x.emitTok(i, n)
		case tkVariable:
			if text[0] == '#' && isDigit(at(text, 1)) {
				return syntaxErr(t.start, "near %q: syntax error", text)
			}
			if text[0] == '?' && len(text) > 1 {
				if n, err := strconv.Atoi(text[1:]); err != nil || n < 1 || n > maxVariable {
					return syntaxErr(t.start, "variable number must be between ?1 and ?%d", maxVariable)
				}
			}
			x.emitTok(i, "$1")
		case tkLP:
			parens = append(parens, i)
			depth++
			limit = append(limit, false)
			x.emitTok(i, "(")
		case tkRP:
			depth--
			if len(parens) > 0 {
				parens = parens[:len(parens)-1]
			}
			if depth < 0 {
				return syntaxErr(t.start, "near \")\": syntax error")
			}
			limit = limit[:depth+1]
			x.emitTok(i, ")")
		case tkComma:
			if limit[depth] {
				// LIMIT offset, count: the order does not matter here.
				limit[depth] = false
				x.emitTok(i, "OFFSET")
			} else {
				x.emitTok(i, ",")
			}
		case tkOp:
			if text == "==" {
				text = "="
			}
			x.emitTok(i, text)
		case tkDot, tkSemi:
			x.emitTok(i, text)
		default:
			return syntaxErr(t.start, "unrecognized token: %q", text)
		}
		if x.onTrue[i] {
			o := toks[i].end
			if n := len(x.tr.segs); n > 0 {
				o = x.tr.segs[n-1].loose
			}
			x.tr.emit("ON TRUE", o, o)
		}
		// CAST(expr AS type name): SQLite's type names are any words, so
		// the whole name becomes one PostgreSQL type.
		if t.kind == tkWord && t.kw == "AS" && len(parens) > 0 && castParen[parens[len(parens)-1]] {
			rp := x.match[parens[len(parens)-1]]
			if rp > i+1 {
				x.tr.emit("text", toks[i+1].start, toks[rp-1].end)
				i = rp - 1
			}
		}
	}
	return nil
}

// wordTok translates the bare word at *ip, advancing *ip over the tokens
// it consumes.
func (x *translator) wordTok(i int, ip *int, createView bool, limit *bool, castParen map[int]bool) error {
	t := x.toks[i]
	text := x.text(i)
	switch t.kw {
	case "":
		l := lower(text)
		switch {
		case l == "true" || l == "false":
			x.emitTok(i, upper(l))
		case len(text) > maxIdent:
			return syntaxErr(t.start, "identifier %s is longer than %d bytes", text, maxIdent)
		case postgres.Dialect{}.Quote(l) != l:
			// A PostgreSQL keyword that is a plain name in SQLite (user,
			// binary, time, char, coalesce).
			x.emitTok(i, `"`+l+`"`)
		default:
			x.emitTok(i, text)
		}
		return nil
	case "EXPLAIN":
		if i == 0 {
			if x.kw(1) == "QUERY" && x.kw(2) == "PLAN" {
				*ip = 2
			}
			return nil
		}
	case "REPLACE":
		if x.kw(i+1) == "INTO" {
			x.emitTok(i, "INSERT")
			x.tr.replaced = append(x.tr.replaced, x.start(i+2))
			return nil
		}
	case "INSERT":
		if x.kw(i+1) == "OR" {
			x.emitTok(i, "INSERT")
			x.tr.drop(x.toks[i+1])
			if i+2 < len(x.toks) {
				x.tr.drop(x.toks[i+2])
			}
			if x.kw(i+2) == "REPLACE" {
				x.tr.replaced = append(x.tr.replaced, x.start(i+4))
			}
			*ip = i + 2
			return nil
		}
	case "UPDATE":
		if x.kw(i+1) == "OR" {
			switch x.kw(i + 2) {
			case "ROLLBACK", "ABORT", "REPLACE", "FAIL", "IGNORE":
				x.emitTok(i, "UPDATE")
				x.tr.drop(x.toks[i+1])
				x.tr.drop(x.toks[i+2])
				if x.kw(i+2) == "REPLACE" {
					x.tr.replaced = append(x.tr.replaced, x.start(i+3))
				}
				*ip = i + 2
				return nil
			}
		}
	case "INDEXED":
		if x.kw(i+1) == "BY" && i+2 < len(x.toks) {
			x.tr.indexed = append(x.tr.indexed, t.start)
			for k := i; k <= i+2; k++ {
				x.tr.drop(x.toks[k])
			}
			*ip = i + 2
			return nil
		}
	case "NOT":
		switch {
		case x.kw(i+1) == "INDEXED":
			x.tr.indexed = append(x.tr.indexed, t.start)
			x.tr.drop(t)
			x.tr.drop(x.toks[i+1])
			*ip = i + 1
			return nil
		case x.kw(i+1) == "NULL" && x.ends(i-1):
			// x NOT NULL is x IS NOT NULL.
			x.emitTok(i, "IS NOT")
			return nil
		}
	case "GLOB", "REGEXP", "MATCH":
		if x.ends(i-1) || x.kw(i-1) == "NOT" && x.ends(i-2) {
			x.emitTok(i, "LIKE")
			return nil
		}
	case "IS":
		// SQLite's IS and IS NOT compare any two values.
		k := i + 1
		if x.kw(k) == "NOT" {
			k++
		}
		if x.kw(k) == "NULL" || x.kw(k) == "DISTINCT" || x.word(k, "true") || x.word(k, "false") {
			break
		}
		if k == i+2 {
			if x.override == nil {
				x.override = map[int]string{}
			}
			x.override[i+1] = "DISTINCT FROM"
			x.emitTok(i, "IS")
		} else {
			x.emitTok(i, "IS NOT DISTINCT FROM")
		}
		return nil
	case "LIMIT":
		*limit = true
	case "OFFSET", "ON", "DO", "SET", "RETURNING":
		// The LIMIT clause ended without a comma; a later comma is a
		// list's (… ON CONFLICT DO UPDATE SET a = 1, b = 2).
		*limit = false
	case "CAST":
		if x.toks[min(i+1, len(x.toks)-1)].kind == tkLP {
			castParen[i+1] = true
		}
	case "IF":
		// CREATE VIEW IF NOT EXISTS: PostgreSQL has no such form, and it
		// does not change what the view reads.
		if createView && x.kw(i-1) == "VIEW" && x.kw(i+1) == "NOT" && x.kw(i+2) == "EXISTS" {
			for k := i; k <= i+2; k++ {
				x.tr.drop(x.toks[k])
			}
			*ip = i + 2
			return nil
		}
	}
	x.emitTok(i, text)
	return nil
}

func (x *translator) start(i int) int {
	if i < len(x.toks) {
		return x.toks[i].start
	}
	return -1
}

// dequote returns a quoted identifier's name: "a""b" is a"b, [a b] is a b.
func dequote(s string) string {
	if len(s) < 2 {
		return s
	}
	q := s[0]
	body := s[1 : len(s)-1]
	switch q {
	case '[':
		return body
	case '"', '`', '\'':
		d := string(q)
		return strings.ReplaceAll(body, d+d, d)
	}
	return s
}

// pgNumber spells a SQLite numeric literal for PostgreSQL: digit
// separators removed (after SQLite's check that each stands between two
// digits) and hexadecimal integers in decimal.
func pgNumber(s string, k kind) (string, error) {
	hex := len(s) > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')
	if k == tkQNumber {
		var b strings.Builder
		for i := 0; i < len(s); i++ {
			if s[i] != '_' {
				b.WriteByte(s[i])
				continue
			}
			ok := isDigit(at(s, i+1)) && i > 0 && isDigit(s[i-1])
			if hex {
				ok = i > 0 && isXDigit(s[i-1]) && isXDigit(at(s, i+1))
			}
			if !ok {
				return "", fmt.Errorf("unrecognized token: %q", s)
			}
		}
		s = b.String()
	}
	if hex {
		digits := strings.TrimLeft(s[2:], "0")
		if len(digits) > 16 {
			return "", fmt.Errorf("hex literal too big: %s", s)
		}
		if digits == "" {
			return "0", nil
		}
		v, err := strconv.ParseUint(digits, 16, 64)
		if err != nil {
			return "", fmt.Errorf("hex literal too big: %s", s)
		}
		return strconv.FormatUint(v, 10), nil
	}
	return s, nil
}
