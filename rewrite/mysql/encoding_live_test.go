package mysql_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/tombstone-sql/tombstone/internal/testdb"
	"github.com/tombstone-sql/tombstone/rewrite/mysql"
)

// TestSafeCharsetsOnServer checks the list of safe client character sets
// against the server, for every character set it has: in a safe one no
// byte from 0x80 up starts a character that takes an ASCII byte with it
// (two-byte sequences; in UTF-8 every byte of a longer one is from 0x80 up
// by definition), and the server reads no byte from 0x80
// up, nor a Unicode space character, as a space. It also shows why the
// character sets the issue names are refused.
func TestSafeCharsetsOnServer(t *testing.T) {
	db := testdb.MySQL(t, "")
	ctx := context.Background()
	c, err := db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	rows, err := c.QueryContext(ctx, "SELECT character_set_name, maxlen FROM information_schema.character_sets ORDER BY 1")
	if err != nil {
		t.Fatal(err)
	}
	type charset struct {
		name   string
		maxlen int
	}
	var all []charset
	for rows.Next() {
		var cs charset
		if err := rows.Scan(&cs.name, &cs.maxlen); err != nil {
			t.Fatal(err)
		}
		all = append(all, cs)
	}
	if err := rows.Close(); err != nil {
		t.Fatal(err)
	}
	count := func(q string) int {
		t.Helper()
		var n int
		if err := c.QueryRowContext(ctx, q).Scan(&n); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		return n
	}
	absorbs := map[string]bool{}
	spaces := map[string]string{}
	safe := 0
	for _, cs := range all {
		if _, err := c.ExecContext(ctx, "SET NAMES "+cs.name); err != nil {
			continue // not a client character set (ucs2, utf16, utf32)
		}
		if _, err := c.ExecContext(ctx, "SET NAMES utf8mb4"); err != nil {
			t.Fatal(err)
		}
		n := count(fmt.Sprintf("SELECT COUNT(*) FROM seq_128_to_255 l, seq_0_to_127 a WHERE CHAR_LENGTH(CHAR(l.seq, a.seq USING %s)) < 2", cs.name))
		absorbs[cs.name] = n > 0
		probes := []string{}
		for b := 0x80; b <= 0xff; b++ {
			probes = append(probes, string([]byte{byte(b)}))
		}
		if cs.name == "utf8mb3" || cs.name == "utf8mb4" {
			for _, r := range "\u0085\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u200b\u2028\u2029\u202f\u205f\u3000\ufeff" {
				probes = append(probes, string(r))
			}
		}
		if _, err := c.ExecContext(ctx, "SET NAMES "+cs.name); err != nil {
			t.Fatal(err)
		}
		for _, p := range probes {
			if rows, err := c.QueryContext(ctx, "SELECT"+p+"1"); err == nil {
				rows.Close()
				spaces[cs.name] = fmt.Sprintf("% x", p)
				break
			}
		}
		if _, err := c.ExecContext(ctx, "SET NAMES utf8mb4"); err != nil {
			t.Fatal(err)
		}
		if (mysql.Dialect{}).SafeEncoding(cs.name) {
			safe++
			if absorbs[cs.name] {
				t.Errorf("%s is listed as safe, but an ASCII byte can be part of one of its characters", cs.name)
			}
			if sp := spaces[cs.name]; sp != "" {
				t.Errorf("%s is listed as safe, but the server reads %s as a space", cs.name, sp)
			}
		}
	}
	if safe != 4 { // utf8mb4, utf8mb3, ascii, binary (utf8 is an alias)
		t.Errorf("%d safe character sets on the server, want 4", safe)
	}
	for _, cs := range []string{"gbk", "big5", "sjis", "cp932", "euckr"} {
		if !absorbs[cs] {
			t.Errorf("%s: no ASCII byte is part of a character; why is it refused?", cs)
		}
	}
	if spaces["latin1"] != "a0" {
		t.Errorf("latin1: the server reads %q as a space, want a0", spaces["latin1"])
	}
}
