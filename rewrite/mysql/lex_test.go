package mysql

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestLex checks the lexical rules that decide where edits may go: what
// is a comment, a string, a name or executable SQL, as MariaDB 10.11
// reads it (each case was run on the server).
func TestLex(t *testing.T) {
	for _, tc := range []struct {
		name, sql string
		want      []string // token texts
		versioned bool
	}{
		{"hash comment", "SELECT 9 #c\n+1", []string{"SELECT", "9", "+", "1"}, false},
		{"dash comment needs a space", "SELECT 1--1", []string{"SELECT", "1", "-", "-", "1"}, false},
		{"dash comment", "SELECT 1 -- x\n+1", []string{"SELECT", "1", "+", "1"}, false},
		{"dash comment with a control character", "SELECT 8 --\x01 +1\n", []string{"SELECT", "8"}, false},
		{"dash comment at the end", "SELECT 1 --", []string{"SELECT", "1"}, false},
		{"block comments do not nest", "SELECT 7 /* a /* b */ + 1", []string{"SELECT", "7", "+", "1"}, false},
		{"executable comment is SQL", "SELECT 1 /*! +1 */", []string{"SELECT", "1", "+", "1"}, false},
		{"executable comment with a comment inside", "SELECT 1 /*! /* x */ +1 */", []string{"SELECT", "1", "+", "1"}, false},
		{"versioned executable comment", "SELECT 1 /*!50700 +1 */", []string{"SELECT", "1", "+", "1"}, true},
		{"MariaDB executable comment", "SELECT 1 /*M! +1 */", []string{"SELECT", "1", "+", "1"}, true},
		{"MariaDB versioned comment", "SELECT 1 /*M!100000 +1 */", []string{"SELECT", "1", "+", "1"}, true},
		{"optimizer hint is a comment", "SELECT /*+ BKA(t) */ 1", []string{"SELECT", "1"}, false},
		{"strings", `SELECT 'a''b', "c\"d", 'e\'f'`, []string{"SELECT", `'a''b'`, ",", `"c\"d"`, ",", `'e\'f'`}, false},
		{"comment markers in strings", "SELECT '-- x', '/* y */', '#'", []string{"SELECT", "'-- x'", ",", "'/* y */'", ",", "'#'"}, false},
		{"backticks", "SELECT `a``b`.`c` FROM `t`", []string{"SELECT", "`a``b`", ".", "`c`", "FROM", "`t`"}, false},
		{"names that start with digits", "SELECT 1e5, 12abc, 0x1F, 0x1g, t.1c", []string{"SELECT", "1e5", ",", "12abc", ",", "0x1F", ",", "0x1g", ",", "t", ".", "1c"}, false},
		{"literals with prefixes", "SELECT X'0A', b'01', N'x', _utf8mb4'y'", []string{"SELECT", "X'0A'", ",", "b'01'", ",", "N'x'", ",", "_utf8mb4", "'y'"}, false},
		{"variables and placeholders", "SELECT @a, @@sql_mode, @'q', ?", []string{"SELECT", "@a", ",", "@@sql_mode", ",", "@'q'", ",", "?"}, false},
		{"operators", "a<=>b->>'$'<>c:=d&&e||f", []string{"a", "<=>", "b", "->>", "'$'", "<>", "c", ":=", "d", "&&", "e", "||", "f"}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			lx, err := lex(tc.sql, false)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, tk := range lx.t {
				got = append(got, tc.sql[tk.start:tk.end])
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("tokens (-want +got):\n%s", diff)
			}
			versioned := false
			for _, c := range lx.comments {
				versioned = versioned || c.versioned
			}
			if versioned != tc.versioned {
				t.Errorf("versioned = %v, want %v", versioned, tc.versioned)
			}
		})
	}
}

// TestLexErrors checks that unterminated strings, names and comments are
// errors at the right byte.
func TestLexErrors(t *testing.T) {
	for _, tc := range []struct {
		sql string
		pos int
	}{
		{"SELECT 'abc", 7},
		{"SELECT `abc", 7},
		{"SELECT /* abc", 7},
		{"SELECT /*! abc", 7},
		{`SELECT 'a\'`, 7},
	} {
		_, err := lex(tc.sql, false)
		le, ok := err.(*lexError)
		if !ok {
			t.Errorf("%q: got %v, want a lexError", tc.sql, err)
			continue
		}
		if le.pos != tc.pos {
			t.Errorf("%q: error at %d, want %d", tc.sql, le.pos, tc.pos)
		}
	}
}
