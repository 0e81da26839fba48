package postgres_test

import (
	"errors"
	"testing"

	"github.com/tombstone-sql/tombstone/internal/rewritetest"
	"github.com/tombstone-sql/tombstone/rewrite"
	"github.com/tombstone-sql/tombstone/rewrite/postgres"
)

// TestEncoding checks which statements may change client_encoding: only
// to UTF8 named literally, or back to the connection's starting value; a
// set_config whose setting name is computed is refused, as it may name
// client_encoding.
func TestEncoding(t *testing.T) {
	rw := rewrite.New(rewritetest.Policy(t), postgres.Dialect{})
	for _, tc := range []struct {
		sql     string
		refused bool
	}{
		{"SET client_encoding = 'SJIS'", true},
		{"SET client_encoding TO sjis", true},
		{"SET SESSION client_encoding TO 'Shift_JIS'", true},
		{"SET LOCAL CLIENT_ENCODING = 'big5'", true},
		{"SET NAMES 'GBK'", true},
		{"SET NAMES 'win950'", true},
		{"SET client_encoding = 'LATIN1'", true},
		{"SELECT 1; SET client_encoding = 'GB18030'", true},
		{"SELECT set_config('client_encoding', 'UHC', false)", true},
		{"SELECT set_config('CLIENT_ENCODING'::text, 'johab', false)", true},
		{"SELECT pg_catalog.set_config('client_encoding', $1, false)", true},
		{"SELECT set_config(lower('CLIENT_ENCODING'), 'sjis', false)", true},
		{"SELECT set_config(name, 'sjis', false) FROM (VALUES ('client_encoding')) v(name)", true},
		{"SELECT 1 WHERE set_config('client_encoding', 'SJIS', false) IS NOT NULL", true},
		{"SET client_encoding = 'UTF8'", false},
		{"SET client_encoding TO 'utf-8'", false},
		{"SET NAMES 'unicode'", false},
		{"SET client_encoding TO DEFAULT", false},
		{"RESET client_encoding", false},
		// RESET ALL also resets the audit actor: the actor rule refuses it.
		{"RESET ALL", true},
		{"SHOW client_encoding", false},
		{"SELECT current_setting('client_encoding')", false},
		{"SELECT set_config('application_name', 'x', false)", false},
		{"SELECT set_config('client_encoding', 'UTF8', false)", false},
		{"SELECT names FROM people", false},
	} {
		t.Run(tc.sql, func(t *testing.T) {
			out, err := rw.Rewrite(tc.sql, rewrite.Scope{})
			switch {
			case tc.refused && err == nil:
				t.Fatalf("sent as %q, want refused", out)
			case tc.refused && !errors.Is(err, rewrite.ErrRefused):
				t.Fatalf("refused with %v, want ErrRefused", err)
			case !tc.refused && err != nil:
				t.Fatalf("refused: %v", err)
			case !tc.refused && out != tc.sql:
				t.Fatalf("rewritten to %q, want it unchanged", out)
			}
		})
	}
}
