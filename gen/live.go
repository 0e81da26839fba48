package gen

import (
	"context"
	"database/sql"
	"strings"

	"github.com/tombstone-sql/tombstone/internal/catalog"
)

// ReadCatalog reads the tables of a live database (information_schema,
// pg_catalog, SQLite's pragmas) and normalises their column types to
// sqlc's names with Normalize. Tables of the default schema (PostgreSQL's
// current_schema()) are unqualified, as in sqlc. db is a plain connection:
// the catalog is not governed by the policy.
func ReadCatalog(ctx context.Context, db *sql.DB, dialect string) (*Catalog, error) {
	tables, err := catalog.Read(ctx, db, dialect)
	if err != nil {
		return nil, err
	}
	def := ""
	if dialect == "postgres" {
		if err := db.QueryRowContext(ctx, "SELECT current_schema()").Scan(&def); err != nil {
			return nil, err
		}
	}
	cat := &Catalog{Dialect: dialect}
	for _, t := range tables {
		gt := Table{Schema: t.Schema, Name: t.Name}
		if gt.Schema == def {
			gt.Schema = ""
		}
		key := map[string]bool{}
		for _, k := range t.Key {
			key[k] = true
		}
		for _, c := range t.Columns {
			// SQLite reports a PRIMARY KEY column nullable unless it says
			// NOT NULL; sqlc takes a PRIMARY KEY column for NOT NULL.
			notNull := !c.Nullable || dialect == "sqlite" && key[c.Name]
			gt.Columns = append(gt.Columns, column(dialect, c.Name, c.Type, notNull))
		}
		cat.Tables = append(cat.Tables, gt)
	}
	return cat, nil
}

// column is the Column of a type as the database's catalog writes it, the
// same from a live catalog and from schema files.
func column(dialect, name, dbType string, notNull bool) Column {
	typ, length, unsigned := Normalize(dialect, dbType)
	col := Column{Name: name, DBType: typ, Length: length, Unsigned: unsigned, NotNull: notNull}
	if strings.HasSuffix(typ, "[]") {
		col.DBType, col.IsArray = strings.TrimSuffix(typ, "[]"), true
	}
	if dialect == "mysql" && col.Length != 1 {
		// An integer's display width is no part of its type (MySQL 8
		// drops it, MariaDB shows it); only tinyint(1), a bool, keeps it.
		switch col.DBType {
		case "tinyint", "smallint", "mediumint", "int", "integer", "bigint":
			col.Length = 0
		}
	}
	return col
}
