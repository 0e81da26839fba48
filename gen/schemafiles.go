package gen

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"time"

	// SQLite's schema files are executed in memory and read back.
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
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
// a directory's files in name order (not recursive), keeping the *.sql
// files that are neither hidden (a leading dot) nor golang-migrate's
// *.down.sql; from the first line of a file that starts a rollback part —
// goose's `-- +goose Down`, sql-migrate's `-- +migrate Down`, dbmate's
// `-- migrate:down`, tern's `---- create above / drop below ----`, in any
// case — the rest of the file is left out.
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
		for _, e := range ents {
			if !e.IsDir() {
				names = append(names, filepath.Join(p, e.Name()))
			}
		}
	}
	var out []SchemaFile
	total := 0
	for _, n := range names {
		base := filepath.Base(n)
		if !strings.HasSuffix(base, ".sql") || strings.HasPrefix(base, ".") || strings.HasSuffix(base, ".down.sql") {
			continue
		}
		b, err := os.ReadFile(n)
		if err != nil {
			return nil, err
		}
		if total += len(b); total > MaxSchemaBytes {
			return nil, fmt.Errorf("%w: the schema files are over %d MiB; name fewer in `schema`", ErrSchema, MaxSchemaBytes>>20)
		}
		out = append(out, SchemaFile{Path: n, SQL: upOnly(string(b))})
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%w: %s holds no .sql file sqlc would read", ErrNoSchema, strings.Join(paths, ", "))
	}
	return out, nil
}

// rollbackMarkers start a migration's rollback part, as sqlc knows them.
var rollbackMarkers = []string{"-- +goose down", "-- +migrate down", "---- create above / drop below ----", "-- migrate:down"}

// upOnly is s up to its first line that starts a rollback part.
func upOnly(s string) string {
	off := 0
	for _, line := range strings.SplitAfter(s, "\n") {
		low := strings.ToLower(line)
		for _, m := range rollbackMarkers {
			if strings.HasPrefix(low, m) {
				return s[:off]
			}
		}
		off += len(line)
	}
	return s
}

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
	// keys holds each table's primary key columns, by lower-case name
	keys map[*Table]map[string]bool
}

func (s *tableSet) setKey(t *Table, col string) {
	if s.keys == nil {
		s.keys = map[*Table]map[string]bool{}
	}
	if s.keys[t] == nil {
		s.keys[t] = map[string]bool{}
	}
	s.keys[t][strings.ToLower(col)] = true
}

func (s *tableSet) isKey(t *Table, col string) bool { return s.keys[t][strings.ToLower(col)] }

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

// sqliteTimeout bounds executing SQLite schema files; sqlitePages bounds
// the in-memory database (4 KiB pages: 256 MiB).
const (
	sqliteTimeout = 30 * time.Second
	sqlitePages   = 65536
)

func sqliteFiles(files []SchemaFile) (*Catalog, error) {
	db, err := sql.Open("sqlite", "file::memory:")
	if err != nil {
		return nil, err
	}
	defer db.Close()
	// One connection: an in-memory database is its connection's.
	db.SetMaxOpenConns(1)
	ctx, cancel := context.WithTimeout(context.Background(), sqliteTimeout)
	defer cancel()
	conn, err := db.Conn(ctx)
	if err != nil {
		return nil, err
	}
	// The files build the in-memory database and nothing else: no other
	// database file can be attached, and its size is bounded.
	if _, err := sqlite.Limit(conn, sqlite3.SQLITE_LIMIT_ATTACHED, 0); err != nil {
		conn.Close()
		return nil, err
	}
	if _, err := conn.ExecContext(ctx, fmt.Sprintf("PRAGMA max_page_count = %d", sqlitePages)); err != nil {
		conn.Close()
		return nil, err
	}
	for _, f := range files {
		if _, err := conn.ExecContext(ctx, f.SQL); err != nil {
			conn.Close()
			if ctx.Err() != nil {
				err = fmt.Errorf("it ran for over %v", sqliteTimeout)
			}
			return nil, fmt.Errorf("%w: %s: %v; fix the file so that SQLite runs it", ErrSchema, f.Path, err)
		}
	}
	conn.Close()
	return ReadCatalog(ctx, db, "sqlite")
}
