package gen

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	// SQLite's schema files are executed in memory and read back.
	_ "modernc.org/sqlite"
)

// Errors of reading schema files; match them with errors.Is.
var (
	// ErrSchema is a schema file the generator cannot read: a statement
	// that does not parse, a column of an unknown table.
	ErrSchema = errors.New("gen: bad schema file")
	// ErrNoSchema is a schema path with no .sql file.
	ErrNoSchema = errors.New("gen: no schema files")
)

// MaxSchemaBytes bounds the schema files read for one catalog.
const MaxSchemaBytes = 32 << 20

// SchemaFile is one schema file as sqlc reads it: its path and its SQL,
// rollback sections already removed.
type SchemaFile struct {
	Path, SQL string
}

// ReadSchema reads schema paths the way sqlc's `schema` does: a file, or
// a directory's *.sql files in name order (not recursive), golang-migrate's
// *.down.sql files left out; the rollback part of a goose (-- +goose
// Down), sql-migrate (-- +migrate Down), dbmate (-- migrate:down) or tern
// (---- create above / drop below ----) migration is dropped.
func ReadSchema(paths ...string) ([]SchemaFile, error) {
	var names []string
	for _, p := range paths {
		st, err := os.Stat(p)
		if err != nil {
			return nil, fmt.Errorf("%w: %v; fix `schema` in sqlc.yaml", ErrNoSchema, err)
		}
		if !st.IsDir() {
			names = append(names, p)
			continue
		}
		ents, err := os.ReadDir(p)
		if err != nil {
			return nil, err
		}
		var in []string
		for _, e := range ents {
			n := e.Name()
			if e.IsDir() || !strings.HasSuffix(n, ".sql") || strings.HasSuffix(n, ".down.sql") {
				continue
			}
			in = append(in, filepath.Join(p, n))
		}
		sort.Strings(in)
		if len(in) == 0 {
			return nil, fmt.Errorf("%w: %s holds no .sql file", ErrNoSchema, p)
		}
		names = append(names, in...)
	}
	var out []SchemaFile
	total := 0
	for _, n := range names {
		b, err := os.ReadFile(n)
		if err != nil {
			return nil, err
		}
		if total += len(b); total > MaxSchemaBytes {
			return nil, fmt.Errorf("%w: the schema files are over %d MiB; name fewer in `schema`", ErrSchema, MaxSchemaBytes>>20)
		}
		out = append(out, SchemaFile{Path: n, SQL: upOnly(string(b))})
	}
	return out, nil
}

// rollback starts a migration's rollback part: everything after it,
// through the next up marker, is not schema.
var (
	rollback = regexp.MustCompile(`(?im)^\s*(?:--\s*\+goose\s+down\b|--\s*\+migrate\s+down\b|--\s*migrate:down\b|----\s*create above\s*/\s*drop below\s*----).*$`)
	rollup   = regexp.MustCompile(`(?im)^\s*(?:--\s*\+goose\s+up\b|--\s*\+migrate\s+up\b|--\s*migrate:up\b).*$`)
)

// upOnly blanks the rollback sections of s, keeping its line numbers.
func upOnly(s string) string {
	var b strings.Builder
	for {
		loc := rollback.FindStringIndex(s)
		if loc == nil {
			b.WriteString(s)
			return b.String()
		}
		b.WriteString(s[:loc[0]])
		rest := s[loc[0]:]
		end := len(rest)
		if up := rollup.FindStringIndex(rest); up != nil {
			end = up[0]
		}
		b.WriteString(blank(rest[:end]))
		s = rest[end:]
	}
}

// blank keeps the newlines of s only.
func blank(s string) string { return strings.Repeat("\n", strings.Count(s, "\n")) }

// SchemaCatalog builds the catalog the schema files describe, without a
// server: PostgreSQL's CREATE TABLE and ALTER TABLE … ADD/DROP COLUMN
// read with PostgreSQL's own parser (pg_query), MySQL's with the TiDB
// parser sqlc uses, and SQLite's by executing the files in an in-memory
// SQLite and reading its catalog back. Column types are normalised as
// ReadCatalog's are, so both give the same Catalog for the same schema.
func SchemaCatalog(dialect string, files []SchemaFile) (*Catalog, error) {
	var (
		cat *Catalog
		err error
	)
	switch dialect {
	case "postgres":
		cat, err = postgresFiles(files)
	case "mysql":
		cat, err = mysqlFiles(files)
	case "sqlite":
		cat, err = sqliteFiles(files)
	default:
		return nil, fmt.Errorf("%w: dialect %q; use postgres, mysql or sqlite", ErrConfig, dialect)
	}
	if err != nil {
		return nil, err
	}
	sort.Slice(cat.Tables, func(i, j int) bool {
		a, b := cat.Tables[i], cat.Tables[j]
		if a.Schema != b.Schema {
			return a.Schema < b.Schema
		}
		return a.Name < b.Name
	})
	return cat, nil
}

// tableSet collects the tables of parsed statements in order.
type tableSet struct {
	dialect string
	tables  []*Table
}

func (s *tableSet) find(schema, name string) (int, *Table) {
	for i, t := range s.tables {
		if t.Schema == schema && t.Name == name {
			return i, t
		}
	}
	return -1, nil
}

func (s *tableSet) catalog() *Catalog {
	cat := &Catalog{Dialect: s.dialect}
	for _, t := range s.tables {
		cat.Tables = append(cat.Tables, *t)
	}
	return cat
}

// at is file:line:col of byte offset off of f's SQL.
func at(f SchemaFile, off int) string {
	if off < 0 || off > len(f.SQL) {
		off = 0
	}
	before := f.SQL[:off]
	line := strings.Count(before, "\n") + 1
	col := off - strings.LastIndexByte(before, '\n')
	return fmt.Sprintf("%s:%d:%d", f.Path, line, col)
}

func sqliteFiles(files []SchemaFile) (*Catalog, error) {
	db, err := sql.Open("sqlite", "file::memory:")
	if err != nil {
		return nil, err
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	ctx := context.Background()
	for _, f := range files {
		if _, err := db.ExecContext(ctx, f.SQL); err != nil {
			return nil, fmt.Errorf("%w: %s: %v; fix the file so that SQLite runs it", ErrSchema, f.Path, err)
		}
	}
	return ReadCatalog(ctx, db, "sqlite")
}
