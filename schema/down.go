package schema

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/tombstone-sql/tombstone/policy"
	"github.com/tombstone-sql/tombstone/rewrite"
)

// MigrateDown returns the DDL that undoes Migrate's for policy p, in the
// reverse order: the triggers and their functions, the live-only unique
// indexes, the cascade and tombstone columns. Each statement is derived
// from the one of Migrate it undoes, so the two cannot drift apart.
//
// Dropping a tombstone column would make every tombstone a live row
// again, so the script starts with a guard that fails, changing nothing,
// while any soft table holds a tombstone: restore or purge them first.
// The audit table is kept: the audit trail outlives a rollback (drop it
// by hand if it must go).
func MigrateDown(p *policy.Policy, dialect string) ([]Statement, error) {
	g, err := newGen(p, dialect)
	if err != nil {
		return nil, err
	}
	up := g.migrate()
	out := g.downGuard()
	for i := len(up) - 1; i >= 0; i-- {
		s, ok, err := g.undo(up[i])
		if err != nil {
			return nil, err
		}
		if ok {
			if s.Comment != "" {
				s.Comment = "Undo: " + strings.ReplaceAll(s.Comment, "\n", "\n      ")
			}
			out = append(out, s)
		}
	}
	return out, nil
}

const guardTable = "tombstone_down_guard"

// downGuard refuses the rollback while a soft table has tombstones: a
// temporary table whose CHECK fails on a non-zero count.
func (g *gen) downGuard() []Statement {
	var soft []*policy.Table
	for _, t := range g.p.Tables {
		if t.Rule == policy.Soft {
			soft = append(soft, t)
		}
	}
	if len(soft) == 0 {
		return nil
	}
	out := []Statement{{
		Comment: "Refuse the rollback while tombstones exist: dropping a tombstone column would make them live rows again.\nRestore or purge them first (tombstone restore, tombstone expire).",
		SQL:     "CREATE TEMPORARY TABLE IF NOT EXISTS " + guardTable + " (table_name VARCHAR(255), tombstones INTEGER, CONSTRAINT tombstones_would_become_live_rows CHECK (tombstones = 0))",
	}}
	for _, t := range soft {
		live := rewrite.Predicate(t.Marker, g.q(t.Column), true)
		out = append(out, Statement{SQL: "INSERT INTO " + guardTable + " (table_name, tombstones) SELECT '" + strings.ReplaceAll(t.Name, "'", "''") + "', count(*) FROM " + g.table(t.Name) + " WHERE NOT (" + live + ")"})
	}
	drop := "DROP TABLE " + guardTable
	if g.name == "mysql" {
		drop = "DROP TEMPORARY TABLE " + guardTable
	}
	return append(out, Statement{SQL: drop})
}

var (
	reAddColumn = regexp.MustCompile(`(?s)^ALTER TABLE (\S+) ADD COLUMN (?:IF NOT EXISTS )?(\S+) `)
	reIndex     = regexp.MustCompile(`(?s)^CREATE UNIQUE INDEX IF NOT EXISTS (\S+) ON (\S+) `)
	reFunction  = regexp.MustCompile(`(?s)^CREATE OR REPLACE FUNCTION (\S+)\(\)`)
)

// undo returns the statement that undoes s, or ok false when s needs none
// (the CREATE TRIGGER that its DROP TRIGGER IF EXISTS before it undoes,
// the audit table, which is kept with its indexes).
func (g *gen) undo(s Statement) (Statement, bool, error) {
	q := s.SQL
	switch {
	case strings.HasPrefix(q, "DROP TRIGGER IF EXISTS "):
		return Statement{Comment: s.Comment, SQL: q}, true, nil
	case strings.HasPrefix(q, "CREATE TRIGGER "):
		return Statement{}, false, nil
	case strings.HasPrefix(q, "CREATE TABLE IF NOT EXISTS "):
		return Statement{}, false, nil
	case g.p.Audit != nil && (q == g.erasedIndex().SQL || q == g.keyIndex().SQL):
		return Statement{}, false, nil // the audit table's, kept with it
	}
	if m := reFunction.FindStringSubmatch(q); m != nil {
		return Statement{Comment: s.Comment, SQL: "DROP FUNCTION IF EXISTS " + m[1] + "()"}, true, nil
	}
	if m := reAddColumn.FindStringSubmatch(q); m != nil {
		drop := "ALTER TABLE " + m[1] + " DROP COLUMN IF EXISTS " + m[2]
		if g.name == "sqlite" {
			drop = "ALTER TABLE " + m[1] + " DROP COLUMN " + m[2]
		}
		return Statement{Comment: s.Comment, SQL: drop}, true, nil
	}
	if m := reIndex.FindStringSubmatch(q); m != nil {
		idx, table := m[1], m[2]
		switch g.name {
		case "mysql":
			return Statement{Comment: s.Comment, SQL: "DROP INDEX IF EXISTS " + idx + " ON " + table}, true, nil
		case "postgres":
			if i := strings.LastIndex(table, "."); i >= 0 {
				idx = table[:i] + "." + idx // the index lives in its table's schema
			}
		}
		return Statement{Comment: s.Comment, SQL: "DROP INDEX IF EXISTS " + idx}, true, nil
	}
	first, _, _ := strings.Cut(q, "\n")
	return Statement{}, false, fmt.Errorf("schema: no down statement for %q (a bug in tombstone: MigrateDown does not know this statement)", first)
}
