package sqlite

import (
	"encoding/binary"
	"fmt"
	"strings"
	"testing"

	"modernc.org/libc"
	sqlite3 "modernc.org/sqlite/lib"
)

// capi talks to the bundled SQLite through its C API (modernc's pure-Go
// translation): the tests ask SQLite itself where a statement ends, how
// many parameters it has and whether it prepares.
type capi struct {
	tls *libc.TLS
	db  uintptr
	// out is C memory for the API's out-parameters (two pointers); Go
	// memory must not be handed to the C API (checkptr refuses it).
	out uintptr
}

// word reads the i-th pointer-sized out-parameter.
func (c *capi) word(i int) uint64 {
	return binary.NativeEndian.Uint64(libc.GoBytes(c.out+uintptr(8*i), 8))
}

func openCAPI(t testing.TB, schema ...string) *capi {
	t.Helper()
	tls := libc.NewTLS()
	name, err := libc.CString(":memory:")
	if err != nil {
		t.Fatal(err)
	}
	defer libc.Xfree(tls, name)
	c := &capi{tls: tls, out: libc.Xmalloc(tls, 16)}
	if rc := sqlite3.Xsqlite3_open_v2(tls, name, c.out, sqlite3.SQLITE_OPEN_READWRITE|sqlite3.SQLITE_OPEN_CREATE, 0); rc != sqlite3.SQLITE_OK {
		t.Fatalf("sqlite3_open_v2: %d", rc)
	}
	c.db = uintptr(c.word(0))
	t.Cleanup(func() {
		sqlite3.Xsqlite3_close(c.tls, c.db)
		libc.Xfree(c.tls, c.out)
		c.tls.Close()
	})
	for _, s := range schema {
		c.exec(t, s)
	}
	return c
}

// prepared is what sqlite3_prepare_v2 said about the start of an input.
type prepared struct {
	stmt   uintptr // 0 when the input held only white space and comments
	tail   int     // where the first statement ends (the byte after its ;)
	params int     // sqlite3_bind_parameter_count
	err    string  // the error message, "" when it prepared
	errPos int     // sqlite3_error_offset, -1 when unknown
}

// prepare prepares the first statement of sql; the caller finalizes stmt.
func (c *capi) prepare(sql string) prepared {
	cs, err := libc.CString(sql)
	if err != nil {
		panic(err)
	}
	defer libc.Xfree(c.tls, cs)
	rc := sqlite3.Xsqlite3_prepare_v2(c.tls, c.db, cs, int32(len(sql)), c.out, c.out+8)
	p := prepared{stmt: uintptr(c.word(0)), errPos: -1}
	if tail := uintptr(c.word(1)); tail != 0 {
		p.tail = int(tail - cs)
	}
	if rc != sqlite3.SQLITE_OK {
		p.err = libc.GoString(sqlite3.Xsqlite3_errmsg(c.tls, c.db))
		p.errPos = int(sqlite3.Xsqlite3_error_offset(c.tls, c.db))
		return p
	}
	if p.stmt != 0 {
		p.params = int(sqlite3.Xsqlite3_bind_parameter_count(c.tls, p.stmt))
	}
	return p
}

// check prepares the first statement of sql and finalizes it.
func (c *capi) check(sql string) prepared {
	p := c.prepare(sql)
	if p.stmt != 0 {
		sqlite3.Xsqlite3_finalize(c.tls, p.stmt)
		p.stmt = 0
	}
	return p
}

// prepareAll prepares every statement of sql in turn and returns the
// first error.
func (c *capi) prepareAll(sql string) (string, int) {
	for at := 0; strings.TrimSpace(sql[at:]) != ""; {
		p := c.check(sql[at:])
		if p.err != "" {
			pos := p.errPos
			if pos >= 0 {
				pos += at
			}
			return p.err, pos
		}
		if p.tail == 0 {
			break
		}
		at += p.tail
	}
	return "", -1
}

// complete is sqlite3_complete.
func (c *capi) complete(sql string) bool {
	cs, err := libc.CString(sql)
	if err != nil {
		panic(err)
	}
	defer libc.Xfree(c.tls, cs)
	return sqlite3.Xsqlite3_complete(c.tls, cs) != 0
}

// keywords returns sqlite3_keyword_name for every keyword.
func (c *capi) keywords() []string {
	n := int(sqlite3.Xsqlite3_keyword_count(c.tls))
	var kws []string
	for i := 0; i < n; i++ {
		sqlite3.Xsqlite3_keyword_name(c.tls, int32(i), c.out, c.out+8)
		size := int32(binary.NativeEndian.Uint32(libc.GoBytes(c.out+8, 4)))
		kws = append(kws, string(libc.GoBytes(uintptr(c.word(0)), int(size))))
	}
	return kws
}

// paramCounts returns sqlite3_bind_parameter_count of each statement of
// sql that prepares, space-separated.
func (c *capi) paramCounts(sql string) string {
	var out []string
	for at := 0; strings.TrimSpace(sql[at:]) != ""; {
		p := c.check(sql[at:])
		if p.err != "" || p.tail == 0 {
			break
		}
		out = append(out, fmt.Sprint(p.params))
		at += p.tail
	}
	return strings.Join(out, " ")
}

// exec prepares and steps every statement of sql.
func (c *capi) exec(t testing.TB, sql string) {
	t.Helper()
	for rest := sql; strings.TrimSpace(rest) != ""; {
		p := c.prepare(rest)
		if p.err != "" {
			t.Fatalf("%s: %s", rest, p.err)
		}
		if p.stmt != 0 {
			sqlite3.Xsqlite3_step(c.tls, p.stmt)
			sqlite3.Xsqlite3_finalize(c.tls, p.stmt)
		}
		if p.tail == 0 {
			break
		}
		rest = rest[p.tail:]
	}
}
