package lint

// blocks follows the BEGIN … END and CASE … END nesting of a routine body,
// where a semicolon ends a statement of the body, not the CREATE statement
// that holds it. Only routine bodies count: CREATE [OR REPLACE]
// [DEFINER = user] FUNCTION, PROCEDURE, TRIGGER or EVENT (and MySQL's
// ALTER EVENT and MariaDB's BEGIN NOT ATOMIC), and for PostgreSQL only
// BEGIN ATOMIC, since its other bodies are strings. A column named begin,
// case or end anywhere else opens and closes nothing.
type blocks struct {
	pg bool // PostgreSQL: only BEGIN ATOMIC opens a body
	// head holds the statement's first tokens while its kind is unknown.
	head []string
	kind headKind
	// stack holds the open blocks, innermost last: 'b' BEGIN, 's' a CASE
	// statement, 'e' a CASE expression.
	stack []byte
	// parens counts the parentheses open in a routine.
	parens int
	// prev is the previous token, upper-cased.
	prev string
	// handler is set between DECLARE … HANDLER FOR and the handler's body,
	// which may be BEGIN … END.
	handler bool
}

type headKind int

const (
	headUnknown headKind = iota
	headRoutine
	headOther
)

// depth returns the number of open blocks: a semicolon ends the statement
// only at depth 0.
func (b *blocks) depth() int { return len(b.stack) }

// reset starts a new statement.
func (b *blocks) reset() {
	b.head, b.kind, b.stack, b.parens, b.prev, b.handler = b.head[:0], headUnknown, b.stack[:0], 0, "", false
}

// token takes the next token of the statement: up is its text, upper-cased,
// and next returns the word after it, upper-cased.
func (b *blocks) token(up string, next func() string) {
	defer func() { b.prev = up }()
	if b.kind == headUnknown {
		b.head = append(b.head, up)
		var compound bool
		b.kind, compound = routineHead(b.head, b.pg)
		if compound {
			b.stack = append(b.stack, 'b')
		}
		if b.kind != headRoutine || compound {
			return
		}
	}
	if b.kind != headRoutine {
		return
	}
	if b.handler && up != "BEGIN" && up != "," && b.conditionDone() {
		// The handler's body is one statement.
		b.handler = false
	}
	switch up {
	case "(":
		b.parens++
	case ")":
		if b.parens > 0 {
			b.parens--
		}
	case ";":
		b.handler = false
	case "HANDLER":
		switch b.prev {
		case "CONTINUE", "EXIT", "UNDO":
			b.handler = true
		}
	case "BEGIN":
		if b.opens(next) {
			b.stack = append(b.stack, 'b')
			b.handler = false
		}
	case "CASE":
		switch b.prev {
		case ".", "AS", "END":
			// A name, or END CASE: the CASE statement closes at END.
		default:
			kind := byte('e')
			if b.statementStart() {
				kind = 's'
			}
			b.stack = append(b.stack, kind)
		}
	case "END":
		switch b.prev {
		case ".", "AS", ",", "(":
			return
		}
		switch next() {
		case "IF", "LOOP", "WHILE", "REPEAT", "FOR":
			// END IF and the loops close what never opened a block.
			return
		}
		if len(b.stack) > 0 {
			b.stack = b.stack[:len(b.stack)-1]
		}
	}
}

// opens reports whether a BEGIN opens a block: where a statement of the
// body can start, never after '.', '(' or ','.
func (b *blocks) opens(next func() string) bool {
	if b.parens > 0 || b.prev == "." || b.prev == "," || b.prev == "(" {
		return false
	}
	if b.pg {
		return len(b.stack) == 0 && next() == "ATOMIC"
	}
	if len(b.stack) == 0 {
		// The body after the routine header: not a name in an expression
		// of the header (SQLite's WHEN, UPDATE OF) or in a body of one
		// statement (RETURN …, DO DELETE … WHERE begin < now()).
		switch b.prev {
		case "OF", "AS", "WHEN", "THEN", "ELSE", "AND", "OR", "NOT", "IS", "IN", "LIKE", "BETWEEN", "RETURN",
			"SELECT", "DISTINCT", "ALL", "FROM", "JOIN", "USING", "WHERE", "BY", "HAVING", "ON", "SET", "UPDATE", "INTO", "TABLE", "VALUES",
			"=", "<", ">", "+", "-", "*", "/", "%", "|", "&", "^", "!", "~":
			return false
		}
		return true
	}
	if b.handler && b.conditionDone() {
		// DECLARE … HANDLER FOR condition BEGIN … END.
		return true
	}
	return b.statementStart()
}

// conditionDone reports whether the previous token ends a condition of
// DECLARE … HANDLER FOR: SQLSTATE [VALUE] 'code', an error number, a
// condition name, SQLWARNING, NOT FOUND or SQLEXCEPTION.
func (b *blocks) conditionDone() bool {
	switch b.prev {
	case "HANDLER", "FOR", "SQLSTATE", "VALUE", "NOT", ",":
		return false
	}
	return true
}

// statementStart reports whether the next token starts a statement of a
// block: after ';', BEGIN, THEN, ELSE, DO, LOOP, REPEAT or a label, and
// not inside a CASE expression.
func (b *blocks) statementStart() bool {
	if len(b.stack) == 0 || b.stack[len(b.stack)-1] == 'e' || b.parens > 0 {
		return false
	}
	switch b.prev {
	case ";", "BEGIN", "THEN", "ELSE", "DO", "LOOP", "REPEAT", ":":
		return true
	}
	return false
}

// routineHead reads a statement's first tokens: headRoutine when they
// start a routine whose body may hold semicolons, headOther when they
// cannot, headUnknown when more tokens are needed. compound is set for
// MariaDB's BEGIN NOT ATOMIC, whose BEGIN is already open.
func routineHead(toks []string, pg bool) (kind headKind, compound bool) {
	more := func(i int) bool { return i >= len(toks) }
	switch toks[0] {
	case "CREATE", "ALTER":
	case "BEGIN":
		if pg {
			return headOther, false
		}
		switch {
		case more(1):
			return headUnknown, false
		case toks[1] != "NOT":
			return headOther, false
		case more(2):
			return headUnknown, false
		case toks[2] == "ATOMIC":
			return headRoutine, true
		}
		return headOther, false
	default:
		return headOther, false
	}
	i := 1
	for {
		if more(i) {
			return headUnknown, false
		}
		switch toks[i] {
		case "OR":
			i += 2 // OR REPLACE
			continue
		case "TEMP", "TEMPORARY", "AGGREGATE", "CONSTRAINT":
			i++
			continue
		case "DEFINER":
			// DEFINER = user: 'name'@'host', name@host, CURRENT_USER[()].
			i += 3
			if more(i) {
				return headUnknown, false
			}
			if toks[i] == "@" {
				i += 2
			}
			if more(i) {
				return headUnknown, false
			}
			if toks[i] == "(" {
				i += 2
			}
			continue
		case "EVENT":
			if pg {
				return headOther, false
			}
			return headRoutine, false
		case "FUNCTION", "PROCEDURE", "TRIGGER":
			if toks[0] == "ALTER" {
				return headOther, false
			}
			return headRoutine, false
		}
		return headOther, false
	}
}
