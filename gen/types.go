package gen

import (
	"fmt"
	"strings"
)

// Type is a Go type the generated code names, with the import it needs.
type Type struct {
	// Name is the type as written in the file: int64, sql.NullInt64,
	// pgtype.Int8, uuid.UUID.
	Name string
	// Import is the package path Name needs, or "".
	Import string
}

const (
	importSQL    = "database/sql"
	importPgtype = "github.com/jackc/pgx/v5/pgtype"
	importUUID   = "github.com/google/uuid"
	importTime   = "time"
)

func builtin(name string) Type { return Type{Name: name} }

func nullSQL(name string) Type { return Type{Name: "sql." + name, Import: importSQL} }

func pgtype(name string) Type { return Type{Name: "pgtype." + name, Import: importPgtype} }

// GoType returns the Go type of column c of table in the named dialect
// for flavour f, the one sqlc's Go code uses for the column with that
// sql_package (without overrides or emit_pointers_for_null_types). Only
// the types a key or a deletion time can have are mapped: integers,
// strings, UUIDs, booleans and times; any other type is an
// ErrUnsupportedType error naming table.column.
func GoType(dialect string, f Flavor, table string, c Column) (Type, error) {
	if f == "" {
		f = DatabaseSQL
	}
	var t Type
	var ok bool
	typ := strings.ToLower(c.DBType)
	notNull := c.NotNull || c.IsArray
	switch dialectName(dialect) {
	case "postgres":
		t, ok = postgresType(typ, notNull, f)
	case "mysql":
		t, ok = mysqlType(typ, notNull, c.Unsigned, c.Length)
	case "sqlite":
		t, ok = sqliteType(typ, notNull)
	default:
		return Type{}, fmt.Errorf("%w: dialect %q; use postgres, mysql or sqlite", ErrConfig, dialect)
	}
	if !ok {
		return Type{}, fmt.Errorf("%w: %s.%s has type %s, which tombstone gen does not map to Go; a key column must be an integer, text or uuid column (or change the policy's key)", ErrUnsupportedType, table, c.Name, c.DBType)
	}
	if c.IsArray {
		return Type{}, fmt.Errorf("%w: %s.%s is an array (%s[]); a key column must be a scalar", ErrUnsupportedType, table, c.Name, c.DBType)
	}
	return t, nil
}

func dialectName(name string) string { return dialect(name) }

// postgresType maps a PostgreSQL type as sqlc's postgresql_type.go does.
func postgresType(typ string, notNull bool, f Flavor) (Type, bool) {
	ints := func(bits, null string) (Type, bool) {
		if notNull {
			return builtin("int" + bits), true
		}
		if f == PgxV5 {
			return pgtype(null), true
		}
		return nullSQL("NullInt" + bits), true
	}
	switch typ {
	case "serial", "serial4", "pg_catalog.serial4", "integer", "int", "int4", "pg_catalog.int4":
		return ints("32", "Int4")
	case "bigserial", "serial8", "pg_catalog.serial8", "bigint", "int8", "pg_catalog.int8":
		return ints("64", "Int8")
	case "smallserial", "serial2", "pg_catalog.serial2", "smallint", "int2", "pg_catalog.int2":
		return ints("16", "Int2")
	case "text", "pg_catalog.varchar", "pg_catalog.bpchar", "string", "citext", "name", "varchar", "bpchar":
		if notNull {
			return builtin("string"), true
		}
		if f == PgxV5 {
			return pgtype("Text"), true
		}
		return nullSQL("NullString"), true
	case "uuid":
		if f == PgxV5 {
			return pgtype("UUID"), true
		}
		if notNull {
			return Type{Name: "uuid.UUID", Import: importUUID}, true
		}
		return Type{Name: "uuid.NullUUID", Import: importUUID}, true
	case "boolean", "bool", "pg_catalog.bool":
		if notNull {
			return builtin("bool"), true
		}
		if f == PgxV5 {
			return pgtype("Bool"), true
		}
		return nullSQL("NullBool"), true
	case "pg_catalog.timestamptz", "timestamptz":
		if f == PgxV5 {
			return pgtype("Timestamptz"), true
		}
		if notNull {
			return Type{Name: "time.Time", Import: importTime}, true
		}
		return nullSQL("NullTime"), true
	case "pg_catalog.timestamp", "timestamp":
		if f == PgxV5 {
			return pgtype("Timestamp"), true
		}
		if notNull {
			return Type{Name: "time.Time", Import: importTime}, true
		}
		return nullSQL("NullTime"), true
	}
	return Type{}, false
}

// mysqlType maps a MySQL type as sqlc's mysql_type.go does (database/sql
// only).
func mysqlType(typ string, notNull, unsigned bool, length int) (Type, bool) {
	ints := func(bits, null string) (Type, bool) {
		if !notNull {
			return nullSQL(null), true
		}
		if unsigned {
			return builtin("uint" + bits), true
		}
		return builtin("int" + bits), true
	}
	switch typ {
	case "varchar", "text", "char", "tinytext", "mediumtext", "longtext":
		if notNull {
			return builtin("string"), true
		}
		return nullSQL("NullString"), true
	case "tinyint":
		if length == 1 {
			if notNull {
				return builtin("bool"), true
			}
			return nullSQL("NullBool"), true
		}
		return ints("8", "NullInt16")
	case "year":
		if notNull {
			return builtin("int16"), true
		}
		return nullSQL("NullInt16"), true
	case "smallint":
		return ints("16", "NullInt16")
	case "int", "integer", "mediumint":
		return ints("32", "NullInt32")
	case "bigint", "bigint unsigned", "bigint signed":
		return ints("64", "NullInt64")
	case "boolean", "bool":
		if notNull {
			return builtin("bool"), true
		}
		return nullSQL("NullBool"), true
	case "date", "timestamp", "datetime", "time":
		if notNull {
			return Type{Name: "time.Time", Import: importTime}, true
		}
		return nullSQL("NullTime"), true
	}
	return Type{}, false
}

// sqliteType maps a SQLite type as sqlc's sqlite_type.go does.
func sqliteType(typ string, notNull bool) (Type, bool) {
	switch typ {
	case "int", "integer", "tinyint", "smallint", "mediumint", "bigint", "unsignedbigint", "int2", "int8":
		if notNull {
			return builtin("int64"), true
		}
		return nullSQL("NullInt64"), true
	case "boolean", "bool":
		if notNull {
			return builtin("bool"), true
		}
		return nullSQL("NullBool"), true
	case "date", "datetime", "timestamp":
		if notNull {
			return Type{Name: "time.Time", Import: importTime}, true
		}
		return nullSQL("NullTime"), true
	}
	switch {
	case strings.HasPrefix(typ, "character"), strings.HasPrefix(typ, "varchar"), strings.HasPrefix(typ, "varyingcharacter"),
		strings.HasPrefix(typ, "nchar"), strings.HasPrefix(typ, "nativecharacter"), strings.HasPrefix(typ, "nvarchar"),
		typ == "text", typ == "clob":
		if notNull {
			return builtin("string"), true
		}
		return nullSQL("NullString"), true
	}
	return Type{}, false
}
