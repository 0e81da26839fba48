package lint

import "strings"

// This file splits SQL text into statements without parsing it: enough
// lexing (comments, strings, quoted names, dollar quotes, trigger bodies)
// to find the semicolons that end statements, the comments that annotate
// them, and sqlc's macros. Each statement is then parsed on its own, so one
// that does not parse hides nothing else.

// lexer settings for one dialect.
type lexer struct {
	hashComments  bool // MySQL: # starts a line comment
	nestedBlocks  bool // PostgreSQL: /* */ nest
	backslash     bool // MySQL: backslash escapes in '' and ""
	backticks     bool // MySQL, SQLite: `name`
	brackets      bool // SQLite: [name]
	dollarQuotes  bool // PostgreSQL: $tag$…$tag$
	doubleStrings bool // MySQL: "…" is a string with backslash escapes
	// execComments: MySQL runs the text of /*! … */, /*!NNNNN … */ and
	// /*M! … */ as SQL, and -- starts a comment only before white space or
	// a control character.
	execComments bool
}

func lexerFor(dialect string) lexer {
	switch dialect {
	case "mysql":
		return lexer{hashComments: true, backslash: true, backticks: true, doubleStrings: true, execComments: true}
	case "sqlite":
		return lexer{backticks: true, brackets: true}
	}
	return lexer{nestedBlocks: true, dollarQuotes: true}
}

// comment is one comment: its bytes [start, end) and its text without the
// comment markers.
type comment struct {
	start, end int
	text       string
	block      bool // a /* */ comment
}

// span is a byte range [start, end).
type span struct{ start, end int }

// chunk is one statement of a file.
type chunk struct {
	// start is where the statement's comment block begins (after the
	// previous statement); code is its first token; end is the end of its
	// last token (the semicolon excluded).
	start, code, end int
	// comments are the comments from start to the end of the statement's
	// last line: the leading block, those inside it, a trailing one.
	comments []comment
	// macros are sqlc macro calls: sqlc.arg(…), sqlc.narg(…), …
	macros []span
	// named are sqlx's named parameters (:name, not :: or :=), colons the
	// runs of two colons or more, and marks the offsets of ? tokens: what
	// a library rewrites.
	named, colons []span
	marks         []int
}

// leading returns the comments before the statement's first token.
func (c *chunk) leading() []comment {
	var out []comment
	for _, cm := range c.comments {
		if cm.start < c.code {
			out = append(out, cm)
		}
	}
	return out
}

// split cuts src into statements. Text after a rollback marker (goose,
// sql-migrate, tern, dbmate) is a down migration and is left out, as sqlc
// does. Chunks holding only comments have code == end.
func (lx lexer) split(src string) []*chunk {
	var out []*chunk
	cur := &chunk{start: 0, code: -1}
	bt := &blocks{pg: lx.dollarQuotes}
	finish := func(end int) {
		if cur.code < 0 {
			cur.code = end
			cur.end = end
		}
		out = append(out, cur)
	}
	n := len(src)
	lineStart := true
	i := 0
	if strings.HasPrefix(src, bom) {
		i = len(bom) // a byte order mark is white space
	}
	for i < n {
		c := src[i]
		switch {
		case c == '\n':
			lineStart = true
			i++
			continue
		case c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v':
			i++
			continue
		}
		atLineStart := lineStart
		lineStart = false
		switch {
		case lx.commentStart(src, i):
			cm := lx.comment(src, i)
			if atLineStart && c == '-' && rollback(src[cm.start:cm.end]) {
				finish(i)
				return trim(out)
			}
			cur.comments = append(cur.comments, cm)
			i = cm.end
			continue
		case c == ';':
			if bt.depth() > 0 {
				bt.token(";", nil)
				i++
				continue
			}
			if cur.code < 0 {
				// An empty statement: keep its comments with the next one.
				i++
				continue
			}
			i++
			// A comment after the semicolon on the same line belongs to
			// this statement.
			for i < n && (src[i] == ' ' || src[i] == '\t') {
				i++
			}
			if lx.commentStart(src, i) {
				cm := lx.comment(src, i)
				cur.comments = append(cur.comments, cm)
				i = cm.end
			}
			out = append(out, cur)
			cur = &chunk{start: i, code: -1}
			bt.reset()
			continue
		}
		if cur.code < 0 {
			cur.code = i
		}
		j := lx.token(src, i)
		up := src[i:j]
		switch {
		case c == '?' && j == i+1:
			cur.marks = append(cur.marks, i)
		case c == ':' && j == i+1 && j < n && src[j] == ':':
			// A run of colons: sqlx reads each pair as one colon.
			for j < n && src[j] == ':' {
				j++
			}
			cur.colons = append(cur.colons, span{i, j})
		case c == ':' && j == i+1:
			if k := namedEnd(src, j); k > j {
				cur.named = append(cur.named, span{i, k})
				j = k
			}
		}
		if isWordStart(c) {
			up = strings.ToUpper(up)
			if up == "SQLC" && j < n && src[j] == '.' {
				if m := macroEnd(lx, src, j); m > 0 {
					cur.macros = append(cur.macros, span{i, m})
					j = m
				}
			}
		}
		bt.token(up, func() string { return nextWord(src, j) })
		cur.end = j
		i = j
	}
	finish(n)
	return trim(out)
}

// bom is the UTF-8 byte order mark some editors start a file with.
const bom = "\uFEFF"

// commentStart reports whether a comment starts at i.
func (lx lexer) commentStart(src string, i int) bool {
	if i >= len(src) {
		return false
	}
	switch src[i] {
	case '-':
		if lx.execComments && i+2 < len(src) && src[i+2] > ' ' {
			return false // MySQL: 1--1 is 1 - -1
		}
		return i+1 < len(src) && src[i+1] == '-'
	case '/':
		return i+1 < len(src) && src[i+1] == '*' && execOpener(lx, src, i) == 0
	case '#':
		return lx.hashComments
	}
	return false
}

// comment returns the comment starting at i: a line comment up to the end
// of its line, or a block comment.
func (lx lexer) comment(src string, i int) comment {
	if src[i] == '/' {
		j := lx.blockEnd(src, i)
		text := src[i+2 : j]
		if j-i >= 4 && strings.HasSuffix(src[i:j], "*/") {
			text = src[i+2 : j-2]
		}
		return comment{start: i, end: j, text: text, block: true}
	}
	j := strings.IndexByte(src[i:], '\n')
	if j < 0 {
		j = len(src)
	} else {
		j += i
	}
	skip := 2
	if src[i] == '#' {
		skip = 1
	}
	return comment{start: i, end: j, text: src[i+skip : j]}
}

// trim drops a final chunk that holds nothing.
func trim(out []*chunk) []*chunk {
	if len(out) > 0 {
		if last := out[len(out)-1]; last.code >= last.end && len(last.comments) == 0 {
			out = out[:len(out)-1]
		}
	}
	return out
}

// rollback reports whether a line comment is a migration tool's rollback
// marker, after which a file holds its down migration.
func rollback(line string) bool {
	l := strings.ToLower(line)
	for _, m := range []string{"-- +goose down", "-- +migrate down", "---- create above / drop below ----", "-- migrate:down"} {
		if strings.HasPrefix(l, m) {
			return true
		}
	}
	return false
}

// blockEnd returns the end of the block comment starting at i.
func (lx lexer) blockEnd(src string, i int) int {
	depth := 0
	for j := i; j+1 < len(src); j++ {
		switch {
		case src[j] == '/' && src[j+1] == '*':
			if depth > 0 && !lx.nestedBlocks {
				continue
			}
			depth++
			j++
		case src[j] == '*' && src[j+1] == '/':
			depth--
			j++
			if depth == 0 {
				return j + 1
			}
		}
	}
	return len(src)
}

func isWordStart(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || c >= 0x80
}

func isWordByte(c byte) bool { return isWordStart(c) || c >= '0' && c <= '9' || c == '$' }

// token returns the end of the token starting at i (not a comment).
func (lx lexer) token(src string, i int) int {
	n := len(src)
	c := src[i]
	switch {
	case c == '/':
		// The opener of an executable comment is a token: its text is SQL,
		// and its closing */ two more.
		if j := execOpener(lx, src, i); j > 0 {
			return j
		}
	case c == '\'':
		return lx.quoted(src, i, '\'', lx.backslash || lx.escapeString(src, i))
	case c == '"':
		return lx.quoted(src, i, '"', lx.doubleStrings && lx.backslash)
	case c == '`' && lx.backticks:
		return lx.quoted(src, i, '`', false)
	case c == '[' && lx.brackets:
		if j := strings.IndexByte(src[i:], ']'); j > 0 {
			return i + j + 1
		}
		return n
	case c == '$' && lx.dollarQuotes:
		if tag := dollarTag(src, i); tag != "" {
			if j := strings.Index(src[i+len(tag):], tag); j >= 0 {
				return i + len(tag) + j + len(tag)
			}
			return n
		}
		j := i + 1
		for j < n && src[j] >= '0' && src[j] <= '9' {
			j++
		}
		return j
	case isWordStart(c):
		j := i + 1
		for j < n && isWordByte(src[j]) {
			j++
		}
		// A one-letter prefix (E, B, X, N) belongs to the string after it.
		if j < n && src[j] == '\'' && j-i == 1 {
			return lx.quoted(src, j, '\'', lx.backslash || c == 'e' || c == 'E')
		}
		return j
	case c >= '0' && c <= '9':
		j := i + 1
		for j < n && (isWordByte(src[j]) || src[j] == '.') {
			j++
		}
		return j
	}
	return i + 1
}

// execOpener returns the end of the opener of a MySQL executable comment
// at i (/*!, /*!NNNNN, /*M!, /*M!NNNNNN), or 0.
func execOpener(lx lexer, src string, i int) int {
	if !lx.execComments || !strings.HasPrefix(src[i:], "/*") {
		return 0
	}
	j := i + 2
	switch {
	case strings.HasPrefix(src[j:], "!"):
		j++
	case strings.HasPrefix(src[j:], "M!"):
		j += 2
	default:
		return 0
	}
	k := j
	for k < len(src) && k-j < 6 && src[k] >= '0' && src[k] <= '9' {
		k++
	}
	if k-j >= 5 {
		return k // a version: five or six digits
	}
	return j
}

// escapeString reports whether the quote at i opens a PostgreSQL escape
// string (E'…').
func (lx lexer) escapeString(src string, i int) bool {
	return i > 0 && (src[i-1] == 'e' || src[i-1] == 'E') && (i < 2 || !isWordByte(src[i-2]))
}

// quoted returns the end of the quoted token starting at i; a doubled quote
// stands for itself, and with backslash a backslash escapes the next byte.
func (lx lexer) quoted(src string, i int, q byte, backslash bool) int {
	for j := i + 1; j < len(src); j++ {
		switch src[j] {
		case '\\':
			if backslash {
				j++
			}
		case q:
			if j+1 < len(src) && src[j+1] == q {
				j++
				continue
			}
			return j + 1
		}
	}
	return len(src)
}

// dollarTag returns the $tag$ opening a dollar-quoted string at i, or "".
func dollarTag(src string, i int) string {
	j := i + 1
	for j < len(src) && (isWordByte(src[j]) && src[j] != '$') {
		if j == i+1 && src[j] >= '0' && src[j] <= '9' {
			return ""
		}
		j++
	}
	if j < len(src) && src[j] == '$' {
		return src[i : j+1]
	}
	return ""
}

// nextWord returns the next word after i, upper-cased, skipping space.
func nextWord(src string, i int) string {
	for i < len(src) && (src[i] == ' ' || src[i] == '\t' || src[i] == '\n' || src[i] == '\r') {
		i++
	}
	j := i
	for j < len(src) && isWordByte(src[j]) {
		j++
	}
	return strings.ToUpper(src[i:j])
}

// macroEnd returns the end of a sqlc macro whose "sqlc" ends at dot (the
// '.'), or 0 when sqlc.name( … ) does not follow.
func macroEnd(lx lexer, src string, dot int) int {
	j := dot + 1
	k := j
	for k < len(src) && isWordByte(src[k]) {
		k++
	}
	switch strings.ToLower(src[j:k]) {
	case "arg", "narg", "slice", "embed":
	default:
		return 0
	}
	for k < len(src) && (src[k] == ' ' || src[k] == '\t') {
		k++
	}
	if k >= len(src) || src[k] != '(' {
		return 0
	}
	depth := 0
	for k < len(src) {
		switch src[k] {
		case '(':
			depth++
		case ')':
			depth--
			if depth == 0 {
				return k + 1
			}
		case '\'', '"', '`':
			k = lx.token(src, k)
			continue
		}
		k++
	}
	return 0
}

// namedEnd returns the end of the name of an sqlx named parameter whose
// ':' ends at i, or i: letters, digits, '_' and '.', as sqlx reads them,
// not followed by another ':'.
func namedEnd(src string, i int) int {
	j := i
	for j < len(src) && (isWordByte(src[j]) && src[j] != '$' || src[j] == '.') {
		j++
	}
	if j < len(src) && src[j] == ':' {
		return i
	}
	return j
}

// Bindvars says how a text writes query parameters beyond its dialect's
// own, for SQL that a library rewrites before the database sees it.
type Bindvars int

const (
	// DialectBindvars are the dialect's own parameters: $1 on PostgreSQL,
	// ? on MySQL and SQLite.
	DialectBindvars Bindvars = iota
	// QuestionBindvars are ? in every dialect, as sqlx.In and Rebind read
	// them.
	QuestionBindvars
	// NamedBindvars are sqlx's :name parameters (NamedExec, NamedQuery,
	// PrepareNamed, Named, BindNamed). := is no parameter, and :: stands
	// for one colon, as sqlx sends it.
	NamedBindvars
)

// sub replaces the bytes of span with text of the same length.
type sub struct {
	span
	text string
}

// params returns the substitutions that make the chunk's parameters plain
// to the parser of dialect, each as long as what it replaces, so every
// offset stays put and a clause that ends with one ends where it did:
// sqlc macros become a parenthesized placeholder; sqlx's named parameters
// a placeholder ($1, $11 or ($1 …) on PostgreSQL, a user variable @pp…
// on MySQL, a named parameter :pp… on SQLite), and each pair of colons
// one colon, as sqlx sends them (a PostgreSQL cast is ::::); on PostgreSQL, which
// has no ? parameter, sqlx's ? becomes 1, a value no live test compares
// with. Offsets are relative to the chunk's code.
func (c *chunk) params(b Bindvars, dialect string) []sub {
	placeholder := "?"
	if dialect == "postgres" {
		placeholder = "$1"
	}
	var out []sub
	pad := func(s string, n int) string { return s + strings.Repeat(" ", n-len(s)) }
	for _, m := range c.macros {
		if n := m.end - m.start; n >= len(placeholder)+2 {
			out = append(out, sub{span{m.start - c.code, m.end - c.code}, pad("("+placeholder, n-1) + ")"})
		}
	}
	switch {
	case b == NamedBindvars:
		for _, m := range c.colons {
			n := m.end - m.start
			out = append(out, sub{span{m.start - c.code, m.end - c.code}, strings.Repeat(":", n-n/2) + strings.Repeat(" ", n/2)})
		}
		for _, m := range c.named {
			n := m.end - m.start
			var text string
			switch {
			case dialect == "mysql":
				text = "@" + strings.Repeat("p", n-1)
			case dialect != "postgres":
				text = ":" + strings.Repeat("p", n-1)
			case n == 2:
				text = "$1"
			case n == 3:
				text = "$11"
			default:
				text = pad("($1", n-1) + ")"
			}
			out = append(out, sub{span{m.start - c.code, m.end - c.code}, text})
		}
	case b == QuestionBindvars && dialect == "postgres":
		for _, at := range c.marks {
			out = append(out, sub{span{at - c.code, at - c.code + 1}, "1"})
		}
	}
	return out
}

// neutralize returns text with the substitutions made.
func neutralize(text string, subs []sub) string {
	if len(subs) == 0 {
		return text
	}
	b := []byte(text)
	for _, s := range subs {
		copy(b[s.start:s.end], s.text)
	}
	return string(b)
}
