package sqlite

// This file is SQLite's tokenizer, written from sqlite3GetToken in
// tokenize.c: the same character classes, the same token ends. A misread
// quote or comment would hide a table from tombstone, so every rule here
// is checked against the bundled SQLite in scan_test.go.

// kind is a token's class.
type kind uint8

const (
	tkSpace    kind = iota + 1
	tkComment       // -- … or /* … */ (possibly unterminated at the end)
	tkWord          // a bare identifier or keyword
	tkQuotedID      // "…", `…` or […]
	tkString        // '…'
	tkBlob          // x'…'
	tkInteger       // 123, 0x1F
	tkFloat         // 1.5, .5, 1e5
	tkQNumber       // a number with digit separators: 1_000
	tkVariable      // ?, ?NNN, :name, @name, $name, #name
	tkLP            // (
	tkRP            // )
	tkSemi          // ;
	tkComma         // ,
	tkDot           // .
	tkOp            // any other operator: = == <> != < <= > >= << >> || | & ~ + - * / % -> ->>
	tkIllegal       // anything SQLite refuses: "unrecognized token"
)

// token is one token of the input: the bytes [start, end).
type token struct {
	kind       kind
	start, end int
	// kw is the upper-case keyword a tkWord spells, or "".
	kw string
}

// isIDChar reports whether c can appear in an identifier: letters, digits,
// '_', '$' and every byte with the high bit set.
func isIDChar(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' ||
		c == '_' || c == '$' || c >= 0x80
}

// isSpace is sqlite3Isspace: the bytes that continue a run of white space.
// A run cannot start with \v (SQLite's character class for it is illegal).
func isSpace(c byte) bool { return c == ' ' || c >= '\t' && c <= '\r' }

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func isXDigit(c byte) bool {
	return isDigit(c) || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}

// at returns src[i], or 0 past the end (SQLite reads a C string).
func at(src string, i int) byte {
	if i < len(src) {
		return src[i]
	}
	return 0
}

// scan splits src into tokens, white space and comments included; the
// tokens cover src exactly. A NUL byte, which ends SQLite's input, is an
// illegal one-byte token here.
func scan(src string) []token {
	toks := make([]token, 0, len(src)/3+4)
	for i := 0; i < len(src); {
		n, k := next(src, i)
		t := token{kind: k, start: i, end: i + n}
		if k == tkWord {
			t.kw = keyword(src[i : i+n])
		}
		toks = append(toks, t)
		i += n
	}
	return toks
}

// next returns the length and kind of the token at src[i:].
func next(src string, i int) (int, kind) {
	c := src[i]
	z := func(k int) byte { return at(src, i+k) }
	switch {
	case c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r':
		n := 1
		for isSpace(z(n)) {
			n++
		}
		return n, tkSpace
	case c == '-':
		if z(1) == '-' {
			n := 2
			for z(n) != 0 && z(n) != '\n' {
				n++
			}
			return n, tkComment
		}
		if z(1) == '>' {
			if z(2) == '>' {
				return 3, tkOp
			}
			return 2, tkOp
		}
		return 1, tkOp
	case c == '(':
		return 1, tkLP
	case c == ')':
		return 1, tkRP
	case c == ';':
		return 1, tkSemi
	case c == '+', c == '*', c == '%', c == '&', c == '~':
		return 1, tkOp
	case c == '/':
		if z(1) != '*' || z(2) == 0 {
			return 1, tkOp
		}
		// /* … */; an unterminated comment runs to the end of the input.
		n := 3
		prev := z(2)
		for ; z(n) != 0; n++ {
			if prev == '*' && z(n) == '/' {
				return n + 1, tkComment
			}
			prev = z(n)
		}
		return n, tkComment
	case c == '=':
		if z(1) == '=' {
			return 2, tkOp
		}
		return 1, tkOp
	case c == '<':
		if d := z(1); d == '=' || d == '>' || d == '<' {
			return 2, tkOp
		}
		return 1, tkOp
	case c == '>':
		if d := z(1); d == '=' || d == '>' {
			return 2, tkOp
		}
		return 1, tkOp
	case c == '!':
		if z(1) != '=' {
			return 1, tkIllegal
		}
		return 2, tkOp
	case c == '|':
		if z(1) == '|' {
			return 2, tkOp
		}
		return 1, tkOp
	case c == ',':
		return 1, tkComma
	case c == '\'' || c == '"' || c == '`':
		n := 1
		for ; z(n) != 0; n++ {
			if z(n) == c {
				if z(n+1) == c {
					n++
					continue
				}
				if c == '\'' {
					return n + 1, tkString
				}
				return n + 1, tkQuotedID
			}
		}
		return n, tkIllegal
	case c == '.' && !isDigit(z(1)):
		return 1, tkDot
	case c == '.' || isDigit(c):
		return number(src, i)
	case c == '[':
		n := 1
		for ; z(n) != 0; n++ {
			if z(n) == ']' {
				return n + 1, tkQuotedID
			}
		}
		return n, tkIllegal
	case c == '?':
		n := 1
		for isDigit(z(n)) {
			n++
		}
		return n, tkVariable
	case c == '$' || c == '@' || c == ':' || c == '#':
		return variable(src, i)
	case (c == 'x' || c == 'X') && z(1) == '\'':
		n := 2
		for isXDigit(z(n)) {
			n++
		}
		if z(n) != '\'' || n%2 != 0 {
			for z(n) != 0 && z(n) != '\'' {
				n++
			}
			if z(n) != 0 {
				n++
			}
			return n, tkIllegal
		}
		return n + 1, tkBlob
	case c == 0xEF && z(1) == 0xBB && z(2) == 0xBF:
		return 3, tkSpace // a UTF-8 byte order mark
	case isIDChar(c):
		n := 1
		for isIDChar(z(n)) {
			n++
		}
		return n, tkWord
	}
	return 1, tkIllegal
}

// number scans a numeric literal: decimal, hexadecimal, with a fraction
// and an exponent, and '_' digit separators (a tkQNumber, checked later).
// Identifier characters right after a number make it illegal ("1abc").
func number(src string, i int) (int, kind) {
	z := func(k int) byte { return at(src, i+k) }
	k := tkInteger
	var n int
	if z(0) == '0' && (z(1) == 'x' || z(1) == 'X') && isXDigit(z(2)) {
		for n = 3; ; n++ {
			if !isXDigit(z(n)) {
				if z(n) != '_' {
					break
				}
				k = tkQNumber
			}
		}
	} else {
		digits := func() {
			for ; ; n++ {
				if !isDigit(z(n)) {
					if z(n) != '_' {
						break
					}
					k = tkQNumber
				}
			}
		}
		digits()
		if z(n) == '.' {
			if k == tkInteger {
				k = tkFloat
			}
			n++
			digits()
		}
		if (z(n) == 'e' || z(n) == 'E') && (isDigit(z(n+1)) || (z(n+1) == '+' || z(n+1) == '-') && isDigit(z(n+2))) {
			if k == tkInteger {
				k = tkFloat
			}
			n += 2
			digits()
		}
	}
	for isIDChar(z(n)) {
		k = tkIllegal
		n++
	}
	return n, k
}

// variable scans :name, @name, #name and $name, including Tcl's
// $name::part and $name(suffix) forms.
func variable(src string, i int) (int, kind) {
	z := func(k int) byte { return at(src, i+k) }
	k := tkVariable
	chars := 0
	n := 1
	for ; z(n) != 0; n++ {
		c := z(n)
		switch {
		case isIDChar(c):
			chars++
			continue
		case c == '(' && chars > 0:
			for n++; z(n) != 0 && !isSpace(z(n)) && z(n) != ')'; n++ {
			}
			if z(n) == ')' {
				n++
			} else {
				k = tkIllegal
			}
		case c == ':' && z(n+1) == ':':
			n++
			continue
		}
		break
	}
	if chars == 0 {
		k = tkIllegal
	}
	return n, k
}
