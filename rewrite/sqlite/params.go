package sqlite

import "strconv"

// maxVariable is SQLITE_MAX_VARIABLE_NUMBER of the bundled SQLite: ?NNN
// beyond it does not prepare.
const maxVariable = 32766

// paramCount returns how many parameters SQLite allocates for one
// statement (sqlite3_bind_parameter_count), numbering them as
// sqlite3ExprAssignVarNumber does: a bare ? takes the next number after
// the largest so far, ?NNN takes NNN, and a name takes the number it got
// the first time it appeared or else the next one. It returns false when
// a ?NNN is out of range.
func paramCount(src string, toks []token) (int, bool) {
	n := 0
	names := map[string]int{}
	for _, t := range toks {
		if t.kind != tkVariable {
			continue
		}
		text := src[t.start:t.end]
		switch {
		case text == "?":
			n++
		case text[0] == '?':
			x, err := strconv.Atoi(text[1:])
			if err != nil || x < 1 || x > maxVariable {
				return 0, false
			}
			if x > n {
				n = x
			}
			if _, ok := names[text]; !ok {
				names[text] = x
			}
		default:
			if _, ok := names[text]; !ok {
				n++
				names[text] = n
			}
		}
	}
	return n, true
}
