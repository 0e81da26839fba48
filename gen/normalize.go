package gen

import (
	"strconv"
	"strings"
)

// Normalize turns a column type as a database's own catalog writes it
// (PostgreSQL's format_type, MySQL's COLUMN_TYPE, SQLite's declared type)
// into the Column fields sqlc would give the same column: DBType as sqlc
// names it, the declared length and MySQL's unsigned flag. The standalone
// front door (tombstone gen) uses it, so that GoType serves it and the
// sqlc plugin alike.
func Normalize(dialect, dbType string) (typ string, length int, unsigned bool) {
	s := strings.ToLower(strings.TrimSpace(dbType))
	isArray := strings.HasSuffix(s, "[]")
	s = strings.TrimSuffix(s, "[]")
	// The length or precision in parentheses.
	if i := strings.IndexByte(s, '('); i >= 0 {
		if j := strings.IndexByte(s[i:], ')'); j > 0 {
			if n, err := strconv.Atoi(strings.TrimSpace(strings.Split(s[i+1:i+j], ",")[0])); err == nil {
				length = n
			}
			s = strings.TrimSpace(s[:i] + s[i+j+1:])
		}
	}
	switch dialect {
	case "postgres":
		pg := map[string]string{
			"bigint": "pg_catalog.int8", "integer": "pg_catalog.int4", "smallint": "pg_catalog.int2",
			"character varying": "pg_catalog.varchar", "character": "pg_catalog.bpchar",
			"timestamp with time zone": "pg_catalog.timestamptz", "timestamp without time zone": "pg_catalog.timestamp",
			"boolean": "pg_catalog.bool", "double precision": "pg_catalog.float8", "real": "pg_catalog.float4",
			"numeric": "pg_catalog.numeric", "date": "date", "text": "text", "uuid": "uuid",
		}
		if n, ok := pg[s]; ok {
			s = n
		}
	case "mysql":
		for _, mod := range []string{" zerofill", " unsigned", " signed"} {
			if strings.Contains(s, mod) {
				unsigned = unsigned || mod == " unsigned"
				s = strings.TrimSpace(strings.ReplaceAll(s, mod, ""))
			}
		}
	case "sqlite":
		s = strings.ReplaceAll(s, " ", "")
	}
	if isArray {
		s += "[]"
	}
	return s, length, unsigned
}
