package tombstone_test

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/tombstone-sql/tombstone"
	"github.com/tombstone-sql/tombstone/internal/testdb"
)

// The statement of the issue: in GBK, \xbf and the backtick after it are
// one character, so the server reads the name tombstoned customers, where
// tombstone reads two quoted names and no table.
const (
	gbkLeak   = "SELECT 1 AS `x\xbf`, ` , name FROM customers -- ` FROM notes"
	gbkDelete = "SELECT 1 AS `x\xbf`, `; DELETE FROM invoices; DELETE FROM customers; -- ` FROM notes"
)

// TestEncodingRefusedAtConnect: a MySQL connection whose client character
// set tombstone does not read as the server does is refused when it is
// made, whether the DSN names the character set or the collation; the
// safe ones connect.
func TestEncodingRefusedAtConnect(t *testing.T) {
	for _, tc := range []struct {
		params, charset string
	}{
		{"charset=gbk", "gbk"},
		{"collation=gbk_chinese_ci", "gbk"},
		{"charset=big5", "big5"},
		{"charset=sjis", "sjis"},
		{"charset=latin1", "latin1"},
		{"charset=utf8mb4", ""},
		{"collation=utf8mb4_bin", ""},
		{"charset=utf8mb3", ""},
		{"charset=binary", ""},
	} {
		t.Run(tc.params, func(t *testing.T) {
			e := newEnv(t, "mysql", envOptions{params: tc.params})
			err := e.db.Ping()
			if tc.charset == "" {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				return
			}
			if !errors.Is(err, tombstone.ErrEncoding) {
				t.Fatalf("Ping: %v, want ErrEncoding", err)
			}
			for _, want := range []string{" " + tc.charset + ",", "charset=utf8mb4"} {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("%q does not say %q", err, want)
				}
			}
		})
	}
}

// TestEncodingSwitchRefused: on a pool of one connection with
// multiStatements, no statement can switch the client character set to
// GBK or BIG5, so the statements neither read a tombstone nor
// delete a soft or a retain table's rows, and the connection keeps
// utf8mb4.
func TestEncodingSwitchRefused(t *testing.T) {
	e := newEnv(t, "mysql", envOptions{params: "multiStatements=true"})
	e.db.SetMaxOpenConns(1)
	bg := context.Background()
	testdb.MustExec(t, e.raw, "CREATE TABLE notes (id INT)", "INSERT INTO notes VALUES (1)")
	agent := tombstone.WithRole(tombstone.WithActor(bg, "alex", "test"), "agent")
	if _, err := e.db.ExecContext(agent, "DELETE FROM customers WHERE id = 1"); err != nil {
		t.Fatal(err)
	}
	before := tables(t, e)
	for _, q := range []string{
		"SET NAMES gbk",
		"SET CHARACTER SET big5",
		"SET @@session.character_set_client = gbk",
		"SET SESSION character_set_client = 'big5', @x = 1",
		"SELECT 1; SET NAMES gbk",
		"SET NAMES gbk; " + gbkLeak,
		"SET NAMES gbk; " + gbkDelete,
	} {
		_, err := e.db.ExecContext(agent, q)
		if !errors.Is(err, tombstone.ErrRefused) {
			t.Errorf("%q: err = %v, want ErrRefused", q, err)
		}
		if got, err := readAll(e.db, agent, 2, gbkLeak); err == nil && slices.Contains(got, "Maya") {
			t.Errorf("after %q the agent read the tombstone's name: %v", q, got)
		}
		e.db.ExecContext(agent, gbkDelete)
	}
	if got := names(t, bg, e.db, "SELECT @@character_set_client"); !cmp.Equal(got, []string{"utf8mb4"}) {
		t.Errorf("character_set_client = %v, want utf8mb4", got)
	}
	if diff := cmp.Diff(before, tables(t, e)); diff != "" {
		t.Errorf("tables changed (-before +after):\n%s", diff)
	}
}

// tables returns the whole of the governed tables, for comparison.
func tables(t *testing.T, e *env) map[string][]string {
	t.Helper()
	out := map[string][]string{}
	for _, q := range []string{
		"SELECT " + concat(e.dialect, "CAST(id AS CHAR)", "'|'", "name", "'|'", "COALESCE(CAST(deleted_at AS CHAR), '')") + " FROM customers ORDER BY id",
		"SELECT " + concat(e.dialect, "CAST(id AS CHAR)", "'|'", "billing_name") + " FROM invoices ORDER BY id",
	} {
		out[q] = names(t, context.Background(), e.raw, q)
	}
	return out
}

// TestEncodingPostgres: a pgx connection whose client_encoding is a
// client-only encoding is refused when it is made (a DSN parameter or
// options=-c), and statements cannot switch to one. The statement read is
// valid UTF-8 (pg_query refuses anything else): Е is D0 95, and in SJIS D0
// is a character and 95 5C another, so the backslash tombstone reads as
// escaping the quote is half of a character to the server, and the string
// ends there.
func TestEncodingPostgres(t *testing.T) {
	p := storePolicy(t, nil)
	dsn, _ := testdb.PostgresSchema(t)
	raw := open(t, "pgx", dsn)
	setup(t, "postgres", raw, p, false)
	for _, param := range []string{"client_encoding=SJIS", "options=-c%20client_encoding%3DBIG5"} {
		db, err := tombstone.OpenDB("pgx", dsn+"&"+param, p, quiet())
		if err != nil {
			t.Fatal(err)
		}
		if err := db.Ping(); !errors.Is(err, tombstone.ErrEncoding) {
			t.Errorf("%s: Ping: %v, want ErrEncoding", param, err)
		}
		db.Close()
	}
	db, err := tombstone.OpenDB("pgx", dsn, p, quiet())
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	bg := context.Background()
	agent := tombstone.WithRole(tombstone.WithActor(bg, "alex", "test"), "agent")
	if _, err := db.ExecContext(agent, "DELETE FROM customers WHERE id = 1"); err != nil {
		t.Fatal(err)
	}
	leak := "SELECT E'Е\\' , name FROM customers -- '"
	for _, q := range []string{
		"SET client_encoding = 'SJIS'",
		"SET NAMES 'SJIS'",
		"SELECT set_config('client_encoding', 'SJIS', false)",
		"SELECT set_config(lower('CLIENT_ENCODING'), 'SJIS', false)",
	} {
		if _, err := db.ExecContext(agent, q); !errors.Is(err, tombstone.ErrRefused) {
			t.Errorf("%q: err = %v, want ErrRefused", q, err)
		}
		if got, err := readAll(db, agent, 2, leak); err == nil && slices.Contains(got, "Maya") {
			t.Errorf("after %q the agent read the tombstone's name: %v", q, got)
		}
	}
	if got := names(t, bg, db, "SHOW client_encoding"); !cmp.Equal(got, []string{"UTF8"}) {
		t.Errorf("client_encoding = %v, want UTF8", got)
	}
}

// TestEncodingSQLite: SQLite reads SQL text as UTF-8 (modernc uses
// sqlite3_prepare_v2), whatever PRAGMA encoding says about the stored
// text, and reads every byte from 0x80 up as part of a name, as tombstone
// does: the statements read no tombstone, and a name ending in
// 0xA0 is another table.
func TestEncodingSQLite(t *testing.T) {
	e := newEnv(t, "sqlite", envOptions{})
	bg := context.Background()
	testdb.MustExec(t, e.raw, "CREATE TABLE notes (id INT)", "INSERT INTO notes VALUES (1)")
	agent := tombstone.WithRole(tombstone.WithActor(bg, "alex", "test"), "agent")
	if _, err := e.db.ExecContext(agent, "DELETE FROM customers WHERE id = 1"); err != nil {
		t.Fatal(err)
	}
	before := tables(t, e)
	for _, q := range []string{"PRAGMA encoding = 'UTF-16le'", "PRAGMA encoding = 'UTF-8'"} {
		if _, err := e.db.ExecContext(bg, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		for q, n := range map[string]int{gbkLeak: 2, "SELECT name FROM customers\xa0": 1, "SELECT name FROM customers\xa0 WHERE 1": 1} {
			got, err := readAll(e.db, agent, n, q)
			if err == nil && slices.Contains(got, "Maya") {
				t.Errorf("%q read the tombstone's name: %v", q, got)
			}
		}
		e.db.ExecContext(agent, gbkDelete)
	}
	if diff := cmp.Diff(before, tables(t, e)); diff != "" {
		t.Errorf("tables changed (-before +after):\n%s", diff)
	}
}

// readAll returns the n columns of every row as text.
func readAll(db any, ctx context.Context, n int, q string) ([]string, error) {
	rows, err := asDoor(db).QueryContext(ctx, q)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		vals := make([]sql.NullString, n)
		ptrs := make([]any, n)
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return nil, err
		}
		for _, v := range vals {
			out = append(out, v.String)
		}
	}
	return out, rows.Err()
}
