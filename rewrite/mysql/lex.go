package mysql

import (
	"fmt"
	"strings"
)

// kind is what a token is.
type kind uint8

const (
	word     kind = iota + 1 // a bare identifier or keyword
	quoted                   // a `backtick` identifier
	str                      // a string literal: '…' or "…" (sql_mode without ANSI_QUOTES)
	number                   // a numeric literal
	param                    // the ? placeholder
	variable                 // @name, @@name
	op                       // punctuation and operators
)

// token is one significant token; comments are not tokens, but the text of
// an executable comment /*! … */ is, as the server reads it.
type token struct {
	start, end int
	kind       kind
	// up is the upper-cased text of a word and the text of an operator.
	up string
	// depth counts the parentheses open before the token; a closing
	// parenthesis has its opener's depth.
	depth int
	// match is the index of the matching parenthesis, or -1.
	match int
}

// comment is one comment of the input.
type comment struct {
	start, end int
	// versioned marks executable comments whose execution depends on the
	// server: /*!NNNNN … */, /*M! … */ and /*M!NNNNNN … */.
	versioned bool
	// tidb marks TiDB's /*T! … */, a plain comment to MySQL and MariaDB.
	tidb bool
	// delimiter marks the /*! that opens an executable comment and the */
	// that closes it; the text between them is tokens.
	delimiter bool
}

// lexed is the lexer's view of the input.
type lexed struct {
	src      string
	t        []token
	comments []comment
	// backslash is set when a string literal holds a backslash.
	backslash bool
}

// lexError is a lexical error at a byte offset.
type lexError struct {
	pos int
	msg string
}

func (e *lexError) Error() string { return e.msg }

// lex splits src into tokens following the server's lexical rules under
// the default sql_mode; noBackslash reads strings as NO_BACKSLASH_ESCAPES
// does.
func lex(src string, noBackslash bool) (*lexed, error) {
	lx := &lexed{src: src, t: make([]token, 0, len(src)/4+1)}
	var open []int
	inExec := -1 // start of the executable comment being read, or -1
	i := 0
	emit := func(start, end int, k kind, up string) {
		tk := token{start: start, end: end, kind: k, up: up, depth: len(open), match: -1}
		n := len(lx.t)
		if k == op {
			switch up {
			case "(":
				open = append(open, n)
			case ")":
				if len(open) > 0 {
					o := open[len(open)-1]
					open = open[:len(open)-1]
					tk.depth = len(open)
					tk.match = o
					lx.t[o].match = n
				}
			}
		}
		lx.t = append(lx.t, tk)
	}
	for i < len(src) {
		c := src[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v':
			i++
		case c == '#':
			j := lineEnd(src, i)
			lx.comments = append(lx.comments, comment{start: i, end: j})
			i = j
		case c == '-' && i+1 < len(src) && src[i+1] == '-' && (i+2 == len(src) || src[i+2] <= ' '):
			j := lineEnd(src, i)
			lx.comments = append(lx.comments, comment{start: i, end: j})
			i = j
		case c == '*' && inExec >= 0 && i+1 < len(src) && src[i+1] == '/':
			// The end of an executable comment.
			lx.comments = append(lx.comments, comment{start: i, end: i + 2, delimiter: true})
			inExec = -1
			i += 2
		case c == '/' && i+1 < len(src) && src[i+1] == '*':
			exec, versioned, body := execComment(src, i)
			if exec && inExec < 0 {
				lx.comments = append(lx.comments, comment{start: i, end: body, versioned: versioned, delimiter: true})
				inExec = i
				i = body
				continue
			}
			end := strings.Index(src[i+2:], "*/")
			if end < 0 {
				return nil, &lexError{pos: i, msg: "unterminated comment"}
			}
			j := i + 2 + end + 2
			lx.comments = append(lx.comments, comment{start: i, end: j, tidb: strings.HasPrefix(src[i:], "/*T!")})
			i = j
		case c == '\'' || c == '"':
			j, bs, err := stringEnd(src, i, noBackslash)
			if err != nil {
				return nil, err
			}
			lx.backslash = lx.backslash || bs
			emit(i, j, str, "")
			i = j
		case c == '`':
			j := i + 1
			for {
				k := strings.IndexByte(src[j:], '`')
				if k < 0 {
					return nil, &lexError{pos: i, msg: "unterminated quoted identifier"}
				}
				j += k + 1
				if j < len(src) && src[j] == '`' {
					j++
					continue
				}
				break
			}
			emit(i, j, quoted, "")
			i = j
		case c == '?':
			emit(i, i+1, param, "")
			i++
		case c == '@':
			j := i + 1
			if j < len(src) && src[j] == '@' {
				j++
			}
			switch {
			case j < len(src) && (src[j] == '\'' || src[j] == '"'):
				k, bs, err := stringEnd(src, j, noBackslash)
				if err != nil {
					return nil, err
				}
				lx.backslash = lx.backslash || bs
				j = k
			case j < len(src) && src[j] == '`':
				k := strings.IndexByte(src[j+1:], '`')
				if k < 0 {
					return nil, &lexError{pos: i, msg: "unterminated quoted variable"}
				}
				j += k + 2
			default:
				for j < len(src) && (identByte(src[j]) || src[j] == '.') {
					j++
				}
			}
			emit(i, j, variable, "")
			i = j
		case identByte(c):
			j := i
			for j < len(src) && identByte(src[j]) {
				j++
			}
			// X'…', B'…' and N'…' literals.
			if j == i+1 && j < len(src) && src[j] == '\'' && strings.ContainsRune("xXbBnN", rune(c)) {
				k, bs, err := stringEnd(src, j, noBackslash)
				if err != nil {
					return nil, err
				}
				lx.backslash = lx.backslash || bs
				emit(i, k, str, "")
				i = k
				continue
			}
			if c >= '0' && c <= '9' {
				if k, ok := numberEnd(src, i); ok && k >= j {
					emit(i, k, number, "")
					i = k
					continue
				}
			}
			emit(i, j, word, strings.ToUpper(src[i:j]))
			i = j
		case c == '.' && i+1 < len(src) && src[i+1] >= '0' && src[i+1] <= '9' && (len(lx.t) == 0 || !adjacentName(lx, i)) && isNumber(src, i):
			k, _ := numberEnd(src, i)
			emit(i, k, number, "")
			i = k
		default:
			n := opLen(src[i:])
			emit(i, i+n, op, src[i:i+n])
			i += n
		}
	}
	if inExec >= 0 {
		return nil, &lexError{pos: inExec, msg: "unterminated executable comment"}
	}
	return lx, nil
}

// adjacentName reports whether the dot at i directly follows a name, as in
// t.1col: then what follows is a name, not a number.
func adjacentName(lx *lexed, i int) bool {
	last := lx.t[len(lx.t)-1]
	return last.end == i && (last.kind == word || last.kind == quoted)
}

// execComment reports whether the comment at i is executable (/*!, /*M!)
// and whether its execution depends on the server's version or kind; body
// is where its text starts.
func execComment(src string, i int) (exec, versioned bool, body int) {
	j := i + 2
	if j < len(src) && src[j] == 'M' && j+1 < len(src) && src[j+1] == '!' {
		versioned = true
		j += 2
	} else if j < len(src) && src[j] == '!' {
		j++
	} else {
		return false, false, 0
	}
	k := j
	for k < len(src) && k-j < 6 && src[k] >= '0' && src[k] <= '9' {
		k++
	}
	if k-j >= 5 {
		versioned = true
		j = k
	}
	return true, versioned, j
}

func lineEnd(src string, i int) int {
	if k := strings.IndexByte(src[i:], '\n'); k >= 0 {
		return i + k + 1
	}
	return len(src)
}

// stringEnd returns the end of the string literal whose quote is at i.
func stringEnd(src string, i int, noBackslash bool) (int, bool, error) {
	q := src[i]
	bs := false
	for j := i + 1; j < len(src); j++ {
		switch src[j] {
		case '\\':
			bs = true
			if !noBackslash {
				j++
			}
		case q:
			if j+1 < len(src) && src[j+1] == q {
				j++
				continue
			}
			return j + 1, bs, nil
		}
	}
	return 0, bs, &lexError{pos: i, msg: "unterminated string literal"}
}

// numberEnd returns the end of the numeric literal at i, and false when
// the text there is not one (a name such as 1abc).
func numberEnd(src string, i int) (int, bool) {
	j := i
	if strings.HasPrefix(src[i:], "0x") || strings.HasPrefix(src[i:], "0b") {
		hex := src[i+1] == 'x'
		j = i + 2
		for j < len(src) && (hex && isHex(src[j]) || !hex && (src[j] == '0' || src[j] == '1')) {
			j++
		}
		if j > i+2 && (j == len(src) || !identByte(src[j])) {
			return j, true
		}
		return 0, false
	}
	digits := func() {
		for j < len(src) && src[j] >= '0' && src[j] <= '9' {
			j++
		}
	}
	digits()
	if j < len(src) && src[j] == '.' {
		j++
		digits()
	}
	if j < len(src) && (src[j] == 'e' || src[j] == 'E') {
		k := j + 1
		if k < len(src) && (src[k] == '+' || src[k] == '-') {
			k++
		}
		if k < len(src) && src[k] >= '0' && src[k] <= '9' {
			j = k
			digits()
		}
	}
	if j < len(src) && identByte(src[j]) {
		return 0, false
	}
	return j, true
}

// isNumber reports whether a number starts at src[i] (.5 does; .0TH,
// where a name follows the digits, does not: its dot is an operator).
func isNumber(src string, i int) bool {
	_, ok := numberEnd(src, i)
	return ok
}

func isHex(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}

// identByte reports whether c may appear in an unquoted name: letters,
// digits, _ and $, and any byte of a multi-byte UTF-8 character.
func identByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '$' || c >= 0x80
}

var ops = []string{"<=>", "->>", "<=", ">=", "<>", "!=", "<<", ">>", "&&", "||", ":=", "->"}

func opLen(s string) int {
	for _, o := range ops {
		if strings.HasPrefix(s, o) {
			return len(o)
		}
	}
	return 1
}

// unquote returns a name as the server reads it: a backtick identifier
// without its quotes, a string's text, a word as written.
func (lx *lexed) name(i int) string {
	tk := lx.t[i]
	s := lx.src[tk.start:tk.end]
	switch tk.kind {
	case quoted:
		return strings.ReplaceAll(s[1:len(s)-1], "``", "`")
	case str:
		q := s[:1]
		return strings.ReplaceAll(s[1:len(s)-1], q+q, q)
	}
	return s
}

// text returns the source of tokens i through j inclusive.
func (lx *lexed) text(i, j int) string { return lx.src[lx.t[i].start:lx.t[j].end] }

func (lx *lexed) String() string {
	var b strings.Builder
	for _, tk := range lx.t {
		fmt.Fprintf(&b, "%q ", lx.src[tk.start:tk.end])
	}
	return b.String()
}
