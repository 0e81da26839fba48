package sqlite

import (
	"strings"
	"testing"
)

// tokenizerCorpus holds inputs whose reading depends on SQLite's tokenizer
// rules; each is checked against the bundled SQLite.
var tokenizerCorpus = []string{
	"SELECT 'it''s', a FROM t; SELECT 2",
	`SELECT "a", [b], ` + "`c`" + `, "select", [x y] FROM t; SELECT 1`,
	`SELECT "no such column" FROM t`,
	"SELECT a -- comment ; still comment\nFROM t; SELECT 2",
	"SELECT a /* ; */ FROM t; SELECT 2",
	"SELECT a /* nested /* not */ FROM t; SELECT 2",
	"SELECT 1 /* unterminated ; SELECT 2",
	"SELECT 1 -- no newline ; SELECT 2",
	"SELECT x'00ff', X'', 0x1F, 0X1f, 1e5, 1E+5, 1.5e-3, .5, 5., 1_000, 0x1_f, 1_0.2_5e1_0",
	"SELECT ?, ?5, ?, :a, @a, $a, :a, $a::b::c(d), ?2",
	"SELECT ?3, ?",
	"SELECT :a, ?1, :a",
	"SELECT ?2, :a, @a, $a, #a",
	"SELECT $a(x y)",
	"SELECT a FROM t WHERE a == 1 AND b <> 2 AND c != 3 AND a || b = 'x' AND a << 1 > b >> 1",
	"SELECT a -> '$.x', a ->> '$.y' FROM t",
	"SELECT a FROM t LIMIT 1, 2",
	"\ufeffSELECT 1; \ufeff SELECT 2",
	"SELECT 1 \v; SELECT 2",
	"SELECT\v1",
	"SELECT 1abc",
	"SELECT 'unterminated",
	"SELECT [unterminated",
	"SELECT \"unterminated",
	"SELECT x'abc'",
	"SELECT a AS ñame, a AS \"Ünïcödé\" FROM t",
	"SELECT a FROM t WHERE a GLOB 'x*' AND b LIKE 'y%' ESCAPE '\\' AND c NOT GLOB '?'",
	"CREATE TRIGGER tr AFTER INSERT ON t BEGIN SELECT 1; SELECT 2; END; SELECT 3",
	"CREATE TEMP TRIGGER tr2 AFTER DELETE ON t BEGIN DELETE FROM t WHERE a = old.a; END; SELECT 4",
	"EXPLAIN SELECT 1; SELECT 2",
	"SELECT 1;;; SELECT 2",
	"SELECT 'a' 'b'",
	"SELECT 1 /",
	"SELECT 1 /*",
	"SELECT 1 !",
	"SELECT E'\\''",
	"SELECT U&'x'",
	"SELECT $$x$$",
	"SELECT 1 ^ 2",
	"SELECT {1}",
	"SELECT 1_",
	"SELECT 1__0",
	"SELECT 0x_1",
	"SELECT 0x",
	"SELECT 0x12345678901234567",
	"SELECT 0x00000000000000001",
	"SELECT ?0",
	"SELECT ?32767",
	"SELECT ?32766",
	"SELECT #1",
	"SELECT a FROM t INDEXED BY nosuch",
	"SELECT a FROM t NOT INDEXED WHERE b = 1",
}

func TestTokenizerAgainstSQLite(t *testing.T) {
	c := openCAPI(t, testSchema...)
	for _, in := range tokenizerCorpus {
		t.Run(in, func(t *testing.T) { compareWithSQLite(t, c, in) })
	}
}

// compareWithSQLite checks the tokenizer against SQLite on the first
// statement of in: where it ends, how many parameters it has, and which
// token SQLite does not recognize.
func compareWithSQLite(t *testing.T, c *capi, in string) {
	t.Helper()
	if strings.IndexByte(in, 0) >= 0 {
		return
	}
	p := c.check(in)
	toks := scan(in)
	stmts := split(in, toks)
	if p.err == "" {
		if len(stmts) == 0 {
			if p.tail != len(in) && strings.TrimSpace(in[p.tail:]) != "" {
				t.Errorf("no statement found, SQLite prepared up to byte %d", p.tail)
			}
			return
		}
		first := stmts[0]
		end := boundary(toks, first.end, len(in))
		if end != p.tail {
			t.Errorf("first statement ends at byte %d, SQLite says %d", end, p.tail)
		}
		n, ok := paramCount(in, first.toks)
		if !ok || n != p.params {
			t.Errorf("parameters: %d (ok %v), SQLite counts %d", n, ok, p.params)
		}
		for _, tk := range first.toks {
			if tk.kind == tkIllegal {
				t.Errorf("illegal token %q at %d, but SQLite prepared the statement", in[tk.start:tk.end], tk.start)
			}
		}
		return
	}
	if strings.HasPrefix(p.err, "unrecognized token") {
		found := false
		for _, s := range stmts[:min(1, len(stmts))] {
			for _, tk := range s.toks {
				if tk.kind == tkIllegal && (p.errPos < 0 || tk.start == p.errPos) {
					found = true
				}
			}
			if _, err := translate(in, s.toks); err != nil && strings.Contains(err.Error(), "unrecognized token") {
				found = true
			}
		}
		if !found {
			t.Errorf("SQLite: %s (at %d); no illegal token found there", p.err, p.errPos)
		}
	}
}

// boundary returns where a statement whose last token ends at end stops,
// as sqlite3_prepare's tail reports it: after the semicolon that closes it.
func boundary(toks []token, end, n int) int {
	for _, tk := range toks {
		if tk.start < end {
			continue
		}
		switch tk.kind {
		case tkSpace, tkComment:
			continue
		case tkSemi:
			return tk.end
		}
		return tk.start
	}
	return n
}
