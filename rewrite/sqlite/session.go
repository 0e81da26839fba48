package sqlite

import (
	"strings"

	"github.com/tombstone-sql/tombstone/rewrite"
)

// This file describes the schema changes that can take a governed table
// out of the policy's reach, and the session table tombstone's audit
// triggers read.

// AuditSession returns the TEMP table tombstone's audit triggers read the
// actor and reason from.
func (Dialect) AuditSession() (settings, tables []string) {
	return nil, []string{"tombstone_session"}
}

// ident returns the name token t spells, as SQLite reads it.
func ident(src string, t token) (string, bool) {
	s := src[t.start:t.end]
	switch t.kind {
	case tkWord:
		return s, true
	case tkQuotedID, tkString:
		if s[0] == '[' {
			return s[1 : len(s)-1], true
		}
		q := s[:1]
		return strings.ReplaceAll(s[1:len(s)-1], q+q, q), true
	}
	return "", false
}

// schemaChanges describes DROP TABLE and ALTER TABLE … RENAME TO, RENAME
// COLUMN and DROP COLUMN: the table they change becomes a reference.
func schemaChanges(src string, toks []token, st *rewrite.Statement) {
	kw := func(i int) string {
		if i < len(toks) {
			return toks[i].kw
		}
		return ""
	}
	if kw(1) != "TABLE" || kw(0) != "DROP" && kw(0) != "ALTER" {
		return
	}
	i := 2
	if kw(0) == "DROP" && kw(i) == "IF" && kw(i+1) == "EXISTS" {
		i += 2
	}
	if i >= len(toks) {
		return
	}
	r := &rewrite.Ref{Pos: toks[i].start, Use: rewrite.Schema}
	name, ok := ident(src, toks[i])
	if !ok {
		return
	}
	if i+2 < len(toks) && toks[i+1].kind == tkDot {
		r.Schema = name
		i += 2
		if name, ok = ident(src, toks[i]); !ok {
			return
		}
	}
	r.Name, r.Qualifier = name, Dialect{}.Quote(name)
	st.Refs = append(st.Refs, r)
	add := func(what string, cols ...string) {
		st.Changes = append(st.Changes, &rewrite.SchemaChange{What: what, Table: r, Columns: cols, Pos: r.Pos})
	}
	if kw(0) == "DROP" {
		add("DROP TABLE")
		return
	}
	i++
	switch kw(i) {
	case "RENAME":
		i++
		if kw(i) == "TO" {
			add("ALTER TABLE … RENAME TO")
			return
		}
		if kw(i) == "COLUMN" {
			i++
		}
		if i < len(toks) {
			if col, ok := ident(src, toks[i]); ok {
				add("ALTER TABLE … RENAME COLUMN", col)
			}
		}
	case "DROP":
		i++
		if kw(i) == "COLUMN" {
			i++
		}
		if i < len(toks) {
			if col, ok := ident(src, toks[i]); ok {
				add("ALTER TABLE … DROP COLUMN", col)
			}
		}
	}
}
