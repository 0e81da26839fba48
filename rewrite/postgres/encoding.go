package postgres

import (
	"strings"

	pg "github.com/pganalyze/pg_query_go/v5"
)

// Encodings. The server converts a statement from the connection's
// client_encoding to the database's encoding before it parses it; the
// adapter parses the bytes as they are sent. Every encoding a database can
// have keeps ASCII bytes for ASCII characters only, and PostgreSQL's
// scanner reads every byte from 0x80 up as part of a name, so the
// conversion changes no token boundary. The client-only encodings (SJIS,
// SHIFT_JIS_2004, BIG5, GBK, UHC, GB18030, JOHAB) hold ASCII bytes inside
// multi-byte characters: a backslash or a quote the adapter sees would be
// half of a character to the server.
var clientOnly = map[string]bool{
	"SJIS": true, "SHIFT_JIS_2004": true, "BIG5": true, "GBK": true,
	"UHC": true, "GB18030": true, "JOHAB": true,
}

// EncodingWords returns the words of the statements that change
// client_encoding: SET client_encoding, SET NAMES and set_config(…).
func (Dialect) EncodingWords() []string {
	return []string{"client_encoding", "names", "set_config"}
}

// EncodingQuery returns the connection's client_encoding.
func (Dialect) EncodingQuery() string { return "SHOW client_encoding" }

// SafeEncoding reports whether statements sent in the named
// client_encoding (as SHOW reports it) are parsed as the adapter parses
// them: every encoding but the client-only ones.
func (Dialect) SafeEncoding(name string) bool { return !clientOnly[strings.ToUpper(name)] }

// EncodingAdvice says which client encoding to use.
func (Dialect) EncodingAdvice() string {
	return "use client_encoding UTF8 (pgx requires it too), or any encoding a database can have; not SJIS, SHIFT_JIS_2004, BIG5, GBK, UHC, GB18030 or JOHAB"
}

// encoding marks a statement that sets client_encoding to anything but
// UTF8 named literally: SET [SESSION | LOCAL] client_encoding, SET NAMES,
// and set_config('client_encoding', …), also with a name set_config
// computes (which could be client_encoding). SET … TO DEFAULT and RESET
// return to the connection's starting value, checked when it connected.
func (w *walker) encoding(m any) {
	switch x := m.(type) {
	case *pg.VariableSetStmt:
		if strings.ToLower(x.Name) != "client_encoding" || x.Kind != pg.VariableSetKind_VAR_SET_VALUE {
			return
		}
		if len(x.Args) != 1 || !utf8Name(constString(x.Args[0])) {
			w.stmt.Encoding = "SET client_encoding (or SET NAMES) to anything but UTF8"
		}
	case *pg.FuncCall:
		n := len(x.Funcname)
		if n == 0 || x.Funcname[n-1].GetString_().GetSval() != "set_config" || len(x.Args) == 0 {
			return
		}
		name, ok := constText(x.Args[0])
		switch {
		case !ok:
			w.stmt.Encoding = "set_config(…) of a computed setting name"
		case strings.ToLower(strings.TrimSpace(name)) == "client_encoding" && (len(x.Args) < 2 || !utf8Name(constString(x.Args[1]))):
			w.stmt.Encoding = "set_config('client_encoding', …) to anything but UTF8"
		}
	}
}

// constText returns the text of a string constant, cast or not.
func constText(n *pg.Node) (string, bool) {
	for n != nil {
		if tc := n.GetTypeCast(); tc != nil {
			n = tc.Arg
			continue
		}
		if c := n.GetAConst(); c != nil && c.GetSval() != nil {
			return c.GetSval().GetSval(), true
		}
		return "", false
	}
	return "", false
}

func constString(n *pg.Node) string {
	s, _ := constText(n)
	return s
}

// utf8Name reports whether PostgreSQL reads an encoding name as UTF8: it
// ignores case and every character but letters and digits.
func utf8Name(s string) bool {
	var b strings.Builder
	for _, c := range strings.ToLower(s) {
		if c >= 'a' && c <= 'z' || c >= '0' && c <= '9' {
			b.WriteRune(c)
		}
	}
	return b.String() == "utf8" || b.String() == "unicode"
}
