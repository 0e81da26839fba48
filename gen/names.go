package gen

import (
	"go/token"
	"strings"
	"unicode"
)

// goName is the exported Go name of a SQL name, as sqlc forms struct and
// field names: every character that is not a letter or a digit splits the
// name, each part is title-cased, "id" is written ID, and a leading digit
// gets an underscore ("order_lines" → OrderLines, "user_id" → UserID).
func goName(name string) string {
	var b strings.Builder
	for _, p := range splitName(name) {
		if p == "id" {
			b.WriteString("ID")
			continue
		}
		r := []rune(p)
		r[0] = unicode.ToUpper(r[0])
		b.WriteString(string(r))
	}
	out := b.String()
	if out == "" {
		return "X"
	}
	if unicode.IsDigit([]rune(out)[0]) {
		out = "_" + out
	}
	return out
}

// argName is the parameter name of a key column, as sqlc names query
// parameters (lower camel case, "user_id" → userID), escaped when it is a
// Go keyword or a name the generated method uses itself.
func argName(name string) string {
	var b strings.Builder
	for i, p := range splitName(name) {
		switch {
		case i == 0:
			b.WriteString(strings.ToLower(p))
		case p == "id":
			b.WriteString("ID")
		default:
			r := []rune(p)
			r[0] = unicode.ToUpper(r[0])
			b.WriteString(string(r))
		}
	}
	out := b.String()
	if out == "" || unicode.IsDigit([]rune(out)[0]) {
		out = "_" + out
	}
	switch {
	case token.IsKeyword(out), out == "ctx", out == "h", out == "opts", out == "lifecycle", out == "tombstone", out == "policy":
		out += "_"
	}
	return out
}

func splitName(name string) []string {
	return strings.FieldsFunc(name, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
}

func isIdent(s string) bool {
	return token.IsIdentifier(s) && s != "_"
}
