package mysql_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/tombstone-sql/tombstone/internal/rewritetest"
	"github.com/tombstone-sql/tombstone/rewrite"
	"github.com/tombstone-sql/tombstone/rewrite/mysql"
)

// TestEncoding checks which statements may change the client character
// set: only to a safe one named literally, in every spelling the server
// takes, also inside multi-statement strings; statements that merely
// mention character sets pass as they are.
func TestEncoding(t *testing.T) {
	rw := rewrite.New(rewritetest.Policy(t), mysql.Dialect{})
	for _, tc := range []struct {
		sql     string
		refused bool
	}{
		{"SET NAMES gbk", true},
		{"set names 'big5'", true},
		{"SET NAMES `sjis` COLLATE sjis_bin", true},
		{"SET NAMES DEFAULT", true},
		{"SET NAMES @cs", true},
		{"SET CHARACTER SET gbk", true},
		{"SET CHARSET cp932", true},
		{"SET CHARSET DEFAULT", true},
		{"SET character_set_client = gbk", true},
		{"SET character_set_client := 'euckr'", true},
		{"SET @@character_set_client = big5", true},
		{"SET @@session.character_set_client = big5", true},
		{"SET @@SESSION.`character_set_client` = big5", true},
		{"SET @@local.character_set_client = gbk", true},
		{"SET @@global.character_set_client = gbk", true},
		{"SET SESSION character_set_client = gbk", true},
		{"SET GLOBAL character_set_client = gbk", true},
		{"SET LOCAL character_set_client = latin1", true},
		{"SET character_set_client = DEFAULT", true},
		{"SET character_set_client = @@global.character_set_client", true},
		{"SET character_set_client = CONCAT('gb', 'k')", true},
		{"SET @a = 1, NAMES gbk", true},
		{"SET sql_mode = '', character_set_client = gbk", true},
		{"SET STATEMENT character_set_client = gbk FOR SELECT 1", true},
		{"SELECT 1; SET NAMES gbk", true},
		{"SET NAMES utf8mb4; SET NAMES gbk; SELECT name FROM customers", true},
		{"/*! SET NAMES gbk */", true},
		{"SET NAMES latin1", true},
		{"BEGIN NOT ATOMIC SET NAMES gbk; END", true},
		{"PREPARE s FROM 'SET NAMES gbk'", true},
		{"EXECUTE IMMEDIATE 'SET NAMES gbk'", true},
		{"CREATE PROCEDURE p() SET NAMES gbk", true},
		{"SET NAMES utf8mb4", false},
		{"SET NAMES 'utf8mb4' COLLATE 'utf8mb4_unicode_ci'", false},
		{"SET NAMES utf8", false},
		{"SET CHARACTER SET utf8mb3", false},
		{"SET CHARSET binary", false},
		{"SET character_set_client = ascii", false},
		{"SET @@session.character_set_client = 'utf8mb4', @x = 1", false},
		{"SET character_set_results = gbk", false},
		{"SET @names = 'gbk'", false},
		{"SELECT @@character_set_client", false},
		{"CREATE TABLE t (names TEXT CHARACTER SET gbk) CHARSET gbk", false},
		{"SELECT names FROM people", false},
		{"UPDATE people SET names = 'gbk'", false},
	} {
		t.Run(tc.sql, func(t *testing.T) {
			out, err := rw.Rewrite(tc.sql, rewrite.Scope{})
			switch {
			case tc.refused && err == nil:
				t.Fatalf("sent as %q, want refused", out)
			case tc.refused && !errors.Is(err, rewrite.ErrRefused) && !errors.Is(err, rewrite.ErrUnparsed):
				t.Fatalf("refused with %v, want ErrRefused or ErrUnparsed", err)
			case !tc.refused && err != nil:
				t.Fatalf("refused: %v", err)
			case !tc.refused && out != tc.sql:
				t.Fatalf("rewritten to %q, want it unchanged", out)
			}
		})
	}
}

// TestEncodingMessage checks that the refusal says what to change.
func TestEncodingMessage(t *testing.T) {
	rw := rewrite.New(rewritetest.Policy(t), mysql.Dialect{})
	_, err := rw.Rewrite("SELECT 1;\nSET NAMES gbk", rewrite.Scope{})
	var r *rewrite.Refusal
	if !errors.As(err, &r) || !errors.Is(err, rewrite.ErrRefused) {
		t.Fatalf("got %v, want a refusal wrapping ErrRefused", err)
	}
	for _, want := range []string{"SET NAMES gbk refused", "utf8mb4"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("%q does not say %q", err, want)
		}
	}
}
