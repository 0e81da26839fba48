// Package catalog reads the tables of a live database from its own
// catalog (pg_catalog, information_schema, SQLite's pragmas): their names,
// columns and primary keys, for tools that start from the database a team
// already has.
package catalog

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sort"
	"strings"
)

// ErrNoDatabase is returned for a MySQL connection that has no current
// database.
var ErrNoDatabase = errors.New("the connection has no current database; name one in the URL, e.g. mysql://user@host:3306/app")

// Table is one base table.
type Table struct {
	// Schema is the table's schema (PostgreSQL) or database (MySQL); ""
	// for SQLite's main database.
	Schema string
	Name   string
	// Columns are in the table's column order.
	Columns []Column
	// Key lists the primary-key columns in key order; nil when the table
	// has no primary key.
	Key []string
}

// Column is one column of a table.
type Column struct {
	Name string
	// Type is the column's type as the database writes it, lower case:
	// "timestamp with time zone", "tinyint(1)", "text".
	Type     string
	Nullable bool
	// Default is the column's default as the database writes it
	// ("false", "0", "'0'", "now()"), or "" when it has none (or it is
	// NULL).
	Default string
}

// Column returns the named column (compared case-insensitively), or nil.
func (t *Table) Column(name string) *Column {
	for i := range t.Columns {
		if strings.EqualFold(t.Columns[i].Name, name) {
			return &t.Columns[i]
		}
	}
	return nil
}

// Read returns the base tables the connection sees, sorted by schema and
// name: on PostgreSQL those of the schemas on the search path (partitions
// are left to their parent), on MySQL those of the current database, on
// SQLite those of the main database (tombstone's and SQLite's own internal
// tables, views, virtual tables and their shadow tables are not listed).
func Read(ctx context.Context, db *sql.DB, dialect string) ([]*Table, error) {
	var (
		tables []*Table
		err    error
	)
	switch dialect {
	case "postgres":
		tables, err = readPostgres(ctx, db)
	case "mysql":
		tables, err = readMySQL(ctx, db)
	case "sqlite":
		tables, err = readSQLite(ctx, db)
	default:
		return nil, fmt.Errorf("catalog: unknown dialect %q", dialect)
	}
	if err != nil {
		return nil, err
	}
	sort.Slice(tables, func(i, j int) bool {
		a, b := tables[i], tables[j]
		if a.Schema != b.Schema {
			return a.Schema < b.Schema
		}
		return a.Name < b.Name
	})
	return tables, nil
}

// collect groups rows of (schema, table, column…) into tables, in order of
// first appearance.
type collector struct {
	byName map[[2]string]*Table
	order  []*Table
}

func (c *collector) table(schema, name string) *Table {
	if c.byName == nil {
		c.byName = map[[2]string]*Table{}
	}
	k := [2]string{schema, name}
	t := c.byName[k]
	if t == nil {
		t = &Table{Schema: schema, Name: name}
		c.byName[k] = t
		c.order = append(c.order, t)
	}
	return t
}

func readPostgres(ctx context.Context, db *sql.DB) ([]*Table, error) {
	var c collector
	rows, err := db.QueryContext(ctx, `
SELECT n.nspname, c.relname, a.attname, format_type(a.atttypid, a.atttypmod), NOT a.attnotnull, pg_get_expr(d.adbin, d.adrelid)
FROM pg_catalog.pg_class c
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
LEFT JOIN pg_catalog.pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition AND n.nspname = ANY (current_schemas(false))
ORDER BY n.nspname, c.relname, a.attnum`)
	if err != nil {
		return nil, err
	}
	if err := scanColumns(rows, &c); err != nil {
		return nil, err
	}
	rows, err = db.QueryContext(ctx, `
SELECT n.nspname, c.relname, a.attname
FROM pg_catalog.pg_index i
JOIN pg_catalog.pg_class c ON c.oid = i.indrelid
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
CROSS JOIN LATERAL unnest(i.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord)
JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum
WHERE i.indisprimary AND n.nspname = ANY (current_schemas(false))
ORDER BY n.nspname, c.relname, k.ord`)
	if err != nil {
		return nil, err
	}
	if err := scanKeys(rows, &c); err != nil {
		return nil, err
	}
	return c.order, nil
}

func readMySQL(ctx context.Context, db *sql.DB) ([]*Table, error) {
	var current sql.NullString
	if err := db.QueryRowContext(ctx, "SELECT DATABASE()").Scan(&current); err != nil {
		return nil, err
	}
	if !current.Valid || current.String == "" {
		return nil, ErrNoDatabase
	}
	var c collector
	rows, err := db.QueryContext(ctx, `
SELECT t.TABLE_SCHEMA, t.TABLE_NAME, c.COLUMN_NAME, c.COLUMN_TYPE, c.IS_NULLABLE = 'YES', NULLIF(c.COLUMN_DEFAULT, 'NULL')
FROM information_schema.TABLES t
LEFT JOIN information_schema.COLUMNS c ON c.TABLE_SCHEMA = t.TABLE_SCHEMA AND c.TABLE_NAME = t.TABLE_NAME
WHERE t.TABLE_SCHEMA = DATABASE() AND t.TABLE_TYPE = 'BASE TABLE'
ORDER BY t.TABLE_NAME, c.ORDINAL_POSITION`)
	if err != nil {
		return nil, err
	}
	if err := scanColumns(rows, &c); err != nil {
		return nil, err
	}
	rows, err = db.QueryContext(ctx, `
SELECT TABLE_SCHEMA, TABLE_NAME, COLUMN_NAME
FROM information_schema.KEY_COLUMN_USAGE
WHERE TABLE_SCHEMA = DATABASE() AND CONSTRAINT_NAME = 'PRIMARY'
ORDER BY TABLE_NAME, ORDINAL_POSITION`)
	if err != nil {
		return nil, err
	}
	if err := scanKeys(rows, &c); err != nil {
		return nil, err
	}
	// The database is the connection's own: names stay unqualified.
	for _, t := range c.order {
		t.Schema = ""
	}
	return c.order, nil
}

func readSQLite(ctx context.Context, db *sql.DB) ([]*Table, error) {
	rows, err := db.QueryContext(ctx, `SELECT name FROM pragma_table_list WHERE schema = 'main' AND type = 'table' AND name NOT LIKE 'sqlite\_%' ESCAPE '\' ORDER BY name`)
	if err != nil {
		return nil, err
	}
	var names []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			rows.Close()
			return nil, err
		}
		names = append(names, n)
	}
	if err := rows.Close(); err != nil {
		return nil, err
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	var out []*Table
	for _, n := range names {
		t := &Table{Name: n}
		rows, err := db.QueryContext(ctx, `SELECT name, type, "notnull", pk, dflt_value FROM pragma_table_info(?) ORDER BY cid`, n)
		if err != nil {
			return nil, err
		}
		var key []struct {
			pos  int
			name string
		}
		for rows.Next() {
			var col Column
			var notNull bool
			var pk int
			var def sql.NullString
			if err := rows.Scan(&col.Name, &col.Type, &notNull, &pk, &def); err != nil {
				rows.Close()
				return nil, err
			}
			col.Type = strings.ToLower(col.Type)
			col.Nullable = !notNull
			col.Default = nullDefault(def)
			t.Columns = append(t.Columns, col)
			if pk > 0 {
				key = append(key, struct {
					pos  int
					name string
				}{pk, col.Name})
			}
		}
		if err := rows.Close(); err != nil {
			return nil, err
		}
		if err := rows.Err(); err != nil {
			return nil, err
		}
		sort.Slice(key, func(i, j int) bool { return key[i].pos < key[j].pos })
		for _, k := range key {
			t.Key = append(t.Key, k.name)
		}
		out = append(out, t)
	}
	return out, nil
}

func scanColumns(rows *sql.Rows, c *collector) error {
	defer rows.Close()
	for rows.Next() {
		var schema, table string
		var col, typ sql.NullString
		var nullable sql.NullBool
		var def sql.NullString
		if err := rows.Scan(&schema, &table, &col, &typ, &nullable, &def); err != nil {
			return err
		}
		t := c.table(schema, table)
		if col.Valid {
			t.Columns = append(t.Columns, Column{Name: col.String, Type: strings.ToLower(typ.String), Nullable: nullable.Bool, Default: nullDefault(def)})
		}
	}
	return rows.Err()
}

func scanKeys(rows *sql.Rows, c *collector) error {
	defer rows.Close()
	for rows.Next() {
		var schema, table, col string
		if err := rows.Scan(&schema, &table, &col); err != nil {
			return err
		}
		if t := c.byName[[2]string{schema, table}]; t != nil {
			t.Key = append(t.Key, col)
		}
	}
	return rows.Err()
}

// nullDefault is a column default as Column.Default holds it: "" for none
// or NULL.
func nullDefault(def sql.NullString) string {
	if !def.Valid || strings.EqualFold(def.String, "NULL") {
		return ""
	}
	return def.String
}
