package lint

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestSplit(t *testing.T) {
	tests := []struct {
		name, dialect, src string
		want               []string // each statement's code, then its comments
	}{
		{"two statements", "postgres", "SELECT 1; SELECT 2;", []string{"SELECT 1", "SELECT 2"}},
		{"semicolon in string", "postgres", "SELECT ';' FROM t; SELECT 2", []string{"SELECT ';' FROM t", "SELECT 2"}},
		{"doubled quote", "postgres", "SELECT 'a'';b'; SELECT 2", []string{"SELECT 'a'';b'", "SELECT 2"}},
		{"escape string", "postgres", `SELECT E'a\';b'; SELECT 2`, []string{`SELECT E'a\';b'`, "SELECT 2"}},
		{"dollar quote", "postgres", "CREATE FUNCTION f() RETURNS int AS $f$ SELECT 1; $f$ LANGUAGE sql; SELECT 2", []string{"CREATE FUNCTION f() RETURNS int AS $f$ SELECT 1; $f$ LANGUAGE sql", "SELECT 2"}},
		{"positional parameter", "postgres", "SELECT $1; SELECT 2", []string{"SELECT $1", "SELECT 2"}},
		{"nested block comment", "postgres", "/* a /* b; */ c; */ SELECT 1; SELECT 2", []string{"SELECT 1", "/* a /* b; */ c; */", "SELECT 2"}},
		{"quoted name", "postgres", `SELECT "a;b" FROM t; SELECT 2`, []string{`SELECT "a;b" FROM t`, "SELECT 2"}},
		{"leading and trailing comments", "postgres", "-- name: A :one\nSELECT 1; -- tail\n-- next\nSELECT 2;", []string{"SELECT 1", "-- name: A :one", "-- tail", "SELECT 2", "-- next"}},
		{"comment only at end", "postgres", "SELECT 1;\n-- bye\n", []string{"SELECT 1", "", "-- bye"}},
		{"empty statements", "postgres", ";;SELECT 1;;", []string{"SELECT 1"}},
		{"no final semicolon", "postgres", "SELECT 1\n\n", []string{"SELECT 1"}},
		{"begin atomic", "postgres", "CREATE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; SELECT 2; END; SELECT 3", []string{"CREATE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; SELECT 2; END", "SELECT 3"}},
		{"case in create", "postgres", "CREATE VIEW v AS SELECT CASE WHEN a THEN 1 END FROM t; SELECT 2", []string{"CREATE VIEW v AS SELECT CASE WHEN a THEN 1 END FROM t", "SELECT 2"}},
		{"transaction begin", "postgres", "BEGIN; SELECT 1; COMMIT;", []string{"BEGIN", "SELECT 1", "COMMIT"}},
		{"goose down", "postgres", "-- +goose Up\nSELECT 1;\n-- +goose Down\nDELETE FROM t;\n", []string{"SELECT 1", "-- +goose Up"}},
		{"dbmate down", "postgres", "SELECT 1;\n-- migrate:down\nDROP TABLE t;\n", []string{"SELECT 1"}},
		{"mysql hash comment", "mysql", "# one; two\nSELECT 1; SELECT 2", []string{"SELECT 1", "# one; two", "SELECT 2"}},
		{"mysql backslash", "mysql", `SELECT 'a\';b', "c\";d"; SELECT 2`, []string{`SELECT 'a\';b', "c\";d"`, "SELECT 2"}},
		{"mysql executable comments are code", "mysql", "/*! DELETE FROM t */; SELECT 1 /*!, (SELECT 2) */; /*!40101 SET NAMES utf8 */; /*M!100100 SELECT 3; */ SELECT 4",
			[]string{"/*! DELETE FROM t */", "SELECT 1 /*!, (SELECT 2) */", "/*!40101 SET NAMES utf8 */", "/*M!100100 SELECT 3", "*/ SELECT 4"}},
		{"mysql comment inside an executable comment", "mysql", "SELECT 1 /*! /* a; */ + 1 */; SELECT 2", []string{"SELECT 1 /*! /* a; */ + 1 */", "/* a; */", "SELECT 2"}},
		{"postgres /*! is a comment", "postgres", "/*! DELETE FROM t */ SELECT 1", []string{"SELECT 1", "/*! DELETE FROM t */"}},
		{"mysql double dash needs a space", "mysql", "SELECT 1--1; SELECT 2 --\tc;\nSELECT 3 --\nSELECT 4", []string{"SELECT 1--1", "SELECT 2 --\tc;\nSELECT 3 --\nSELECT 4", "--\tc;", "--"}},
		{"postgres double dash", "postgres", "SELECT 1--1; SELECT 2", []string{"SELECT 1", "--1; SELECT 2"}},
		{"mysql backticks", "mysql", "SELECT `a;b` FROM t; SELECT 2", []string{"SELECT `a;b` FROM t", "SELECT 2"}},
		{"sqlite brackets", "sqlite", "SELECT [a;b] FROM t; SELECT 2", []string{"SELECT [a;b] FROM t", "SELECT 2"}},
		{"sqlite trigger", "sqlite", "CREATE TRIGGER tr AFTER INSERT ON t BEGIN UPDATE u SET a = 1; DELETE FROM v; END; SELECT 2", []string{"CREATE TRIGGER tr AFTER INSERT ON t BEGIN UPDATE u SET a = 1; DELETE FROM v; END", "SELECT 2"}},
		{"mysql procedure", "mysql", "CREATE PROCEDURE p() BEGIN IF a THEN SELECT 1; END IF; SELECT 2; END; SELECT 3", []string{"CREATE PROCEDURE p() BEGIN IF a THEN SELECT 1; END IF; SELECT 2; END", "SELECT 3"}},
		{"unterminated string", "postgres", "SELECT 'abc; SELECT 2", []string{"SELECT 'abc; SELECT 2"}},
		// Only routine bodies nest: a column named begin, case or end
		// elsewhere opens nothing.
		{"begin column in a view", "postgres", "CREATE VIEW v AS SELECT s.id, s.begin FROM shifts s; SELECT 1; SELECT 2", []string{"CREATE VIEW v AS SELECT s.id, s.begin FROM shifts s", "SELECT 1", "SELECT 2"}},
		{"begin column in a table", "mysql", "CREATE TABLE shifts (id int, begin datetime, end datetime); SELECT 2", []string{"CREATE TABLE shifts (id int, begin datetime, end datetime)", "SELECT 2"}},
		{"begin without atomic", "postgres", "CREATE FUNCTION f(begin int) RETURNS int AS 'SELECT 1' LANGUAGE sql; SELECT 2", []string{"CREATE FUNCTION f(begin int) RETURNS int AS 'SELECT 1' LANGUAGE sql", "SELECT 2"}},
		{"begin atomic with case and end columns", "postgres", "CREATE OR REPLACE PROCEDURE p() LANGUAGE sql BEGIN ATOMIC SELECT CASE WHEN a THEN 1 END, t.end FROM t; SELECT t.case FROM t; END; SELECT 3", []string{"CREATE OR REPLACE PROCEDURE p() LANGUAGE sql BEGIN ATOMIC SELECT CASE WHEN a THEN 1 END, t.end FROM t; SELECT t.case FROM t; END", "SELECT 3"}},
		{"mysql parameter named begin", "mysql", "CREATE PROCEDURE p(IN begin INT) BEGIN SELECT begin, end FROM t; SELECT 1; END; SELECT 2", []string{"CREATE PROCEDURE p(IN begin INT) BEGIN SELECT begin, end FROM t; SELECT 1; END", "SELECT 2"}},
		{"mysql definer, handler, case statement, label", "mysql", "CREATE DEFINER=`root`@`localhost` PROCEDURE p() BEGIN DECLARE EXIT HANDLER FOR SQLSTATE '23000', SQLEXCEPTION BEGIN ROLLBACK; END; SELECT CASE WHEN a THEN begin ELSE 2 END FROM t; CASE x WHEN 1 THEN BEGIN SELECT 1; END; ELSE SELECT 2; END CASE; lbl: BEGIN SELECT 3; END lbl; END; SELECT 4",
			[]string{"CREATE DEFINER=`root`@`localhost` PROCEDURE p() BEGIN DECLARE EXIT HANDLER FOR SQLSTATE '23000', SQLEXCEPTION BEGIN ROLLBACK; END; SELECT CASE WHEN a THEN begin ELSE 2 END FROM t; CASE x WHEN 1 THEN BEGIN SELECT 1; END; ELSE SELECT 2; END CASE; lbl: BEGIN SELECT 3; END lbl; END", "SELECT 4"}},
		{"mysql handler with one statement", "mysql", "CREATE PROCEDURE p() BEGIN DECLARE CONTINUE HANDLER FOR NOT FOUND SELECT begin FROM t; SELECT 1; END; SELECT 2", []string{"CREATE PROCEDURE p() BEGIN DECLARE CONTINUE HANDLER FOR NOT FOUND SELECT begin FROM t; SELECT 1; END", "SELECT 2"}},
		{"mysql loops", "mysql", "CREATE FUNCTION f() RETURNS INT DETERMINISTIC BEGIN WHILE a DO SELECT 1; END WHILE; REPEAT SELECT 2; UNTIL b END REPEAT; l: LOOP LEAVE l; END LOOP; RETURN 1; END; SELECT 3", []string{"CREATE FUNCTION f() RETURNS INT DETERMINISTIC BEGIN WHILE a DO SELECT 1; END WHILE; REPEAT SELECT 2; UNTIL b END REPEAT; l: LOOP LEAVE l; END LOOP; RETURN 1; END", "SELECT 3"}},
		{"mysql event", "mysql", "CREATE EVENT e ON SCHEDULE EVERY 1 DAY DO BEGIN DELETE FROM t; SELECT 1; END; SELECT 2", []string{"CREATE EVENT e ON SCHEDULE EVERY 1 DAY DO BEGIN DELETE FROM t; SELECT 1; END", "SELECT 2"}},
		{"mysql event of one statement", "mysql", "CREATE EVENT e ON SCHEDULE EVERY 1 DAY DO DELETE FROM shifts WHERE begin < now(); SELECT 2; SELECT 3", []string{"CREATE EVENT e ON SCHEDULE EVERY 1 DAY DO DELETE FROM shifts WHERE begin < now()", "SELECT 2", "SELECT 3"}},
		{"mysql trigger of one statement", "mysql", "CREATE TRIGGER t BEFORE UPDATE ON shifts FOR EACH ROW SET NEW.end = NEW.begin; SELECT 2", []string{"CREATE TRIGGER t BEFORE UPDATE ON shifts FOR EACH ROW SET NEW.end = NEW.begin", "SELECT 2"}},
		{"mysql trigger block", "mysql", "CREATE TRIGGER t BEFORE UPDATE ON shifts FOR EACH ROW FOLLOWS other BEGIN SET NEW.end = NEW.begin; END; SELECT 2", []string{"CREATE TRIGGER t BEFORE UPDATE ON shifts FOR EACH ROW FOLLOWS other BEGIN SET NEW.end = NEW.begin; END", "SELECT 2"}},
		{"mariadb compound statement", "mysql", "BEGIN NOT ATOMIC SELECT 1; SELECT 2; END; SELECT 3", []string{"BEGIN NOT ATOMIC SELECT 1; SELECT 2; END", "SELECT 3"}},
		{"mysql transaction begin", "mysql", "BEGIN; SELECT 1; COMMIT", []string{"BEGIN", "SELECT 1", "COMMIT"}},
		{"sqlite trigger on a begin column", "sqlite", "CREATE TEMP TRIGGER tr AFTER UPDATE OF begin ON t WHEN new.begin > 0 BEGIN UPDATE u SET begin = 1; SELECT 2; END; SELECT 3", []string{"CREATE TEMP TRIGGER tr AFTER UPDATE OF begin ON t WHEN new.begin > 0 BEGIN UPDATE u SET begin = 1; SELECT 2; END", "SELECT 3"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, c := range lexerFor(tt.dialect).split(tt.src) {
				got = append(got, tt.src[c.code:c.end])
				for _, cm := range c.comments {
					got = append(got, tt.src[cm.start:cm.end])
				}
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestMacros(t *testing.T) {
	src := "SELECT sqlc.embed(c) FROM c WHERE a = sqlc.arg(a) AND b = ANY(sqlc.slice('x)')) AND d = sqlc.narg( 'd' ) AND e = 'sqlc.arg(no)' AND f = sqlc.other(f)"
	chunks := lexerFor("postgres").split(src)
	if len(chunks) != 1 {
		t.Fatalf("%d chunks", len(chunks))
	}
	var got []string
	for _, m := range chunks[0].macros {
		got = append(got, src[m.start:m.end])
	}
	want := []string{"sqlc.embed(c)", "sqlc.arg(a)", "sqlc.slice('x)')", "sqlc.narg( 'd' )"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Fatalf("macros (-want +got):\n%s", diff)
	}
	n := neutralize(src, chunks[0].params(DialectBindvars, "postgres"))
	if len(n) != len(src) {
		t.Fatalf("neutralize changed the length: %d != %d", len(n), len(src))
	}
	wantText := "SELECT ($1         ) FROM c WHERE a = ($1       ) AND b = ANY(($1            )) AND d = ($1            ) AND e = 'sqlc.arg(no)' AND f = sqlc.other(f)"
	if n != wantText {
		t.Errorf("neutralize:\n got %q\nwant %q", n, wantText)
	}
}

func TestParseSuppressions(t *testing.T) {
	comments := []comment{
		{start: 0, end: 10, text: " @tombstone-ignore missing-live-predicate the export needs tombstones"},
		{start: 20, end: 30, text: " @tombstone-ignore-file TS003 archive job"},
		{start: 40, end: 50, text: " @tombstone-ignore TS001"},
		{start: 60, end: 70, text: " @tombstone-ignore nope why"},
		{start: 80, end: 90, text: " @tombstone-ignored is not a directive"},
		{start: 100, end: 110, text: "\n @tombstone-ignore TS005 first reason\n @tombstone-ignore TS002 second reason\n"},
		// A directive counts only as the first text of a line.
		{start: 120, end: 130, text: " to hide it, write @tombstone-ignore TS001 <reason>"},
		{start: 140, end: 150, text: " see @tombstone-ignore-file TS003 in the README"},
		{start: 160, end: 170, text: " * @tombstone-ignore TS001 a star starts no line comment"},
		{start: 180, end: 190, block: true, text: "*\n * @tombstone-ignore TS004 doc-style block\n "},
		{start: 200, end: 210, block: true, text: "* @tombstone-ignore-file TS001 right after the opener"},
		{start: 220, end: 230, block: true, text: " why: @tombstone-ignore TS001 is prose here"},
	}
	type row struct {
		Rule, Reason string
		File, Bad    bool
		Start        int
	}
	var got []row
	for _, s := range parseSQLSuppressions(comments) {
		r := row{Reason: s.Reason, File: s.File, Bad: s.Bad != "", Start: s.Start}
		if s.Rule != nil {
			r.Rule = s.Rule.Code
		}
		got = append(got, r)
	}
	want := []row{
		{"TS001", "the export needs tombstones", false, false, 0},
		{"TS003", "archive job", true, false, 20},
		{"", "", false, true, 40},
		{"", "", false, true, 60},
		{"TS005", "first reason", false, false, 100},
		{"TS002", "second reason", false, false, 100},
		{"TS004", "doc-style block", false, false, 180},
		{"TS001", "right after the opener", true, false, 200},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}
