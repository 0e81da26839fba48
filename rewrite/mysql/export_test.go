package mysql

// Placeholders is placeholders, for the fuzz test.
var Placeholders = placeholders

// placeholders counts the ? placeholders in sql as the server reads them
// (not those in strings or comments); -1 when sql does not lex.
func placeholders(sql string) int {
	lx, err := lex(sql, false)
	if err != nil {
		return -1
	}
	n := 0
	for _, t := range lx.t {
		if t.kind == param {
			n++
		}
	}
	return n
}
