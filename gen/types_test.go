package gen_test

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/tombstone-sql/tombstone/gen"
)

// TestGoType maps the key and time types of each dialect for each
// flavour as sqlc's Go generator does (cmd/sqlc-gen-tombstone's
// TestTypesMatchSqlc checks the same mapping against sqlc's own output).
func TestGoType(t *testing.T) {
	tests := []struct {
		dialect string
		flavor  gen.Flavor
		col     gen.Column
		want    gen.Type
	}{
		{"postgres", gen.DatabaseSQL, gen.Column{DBType: "pg_catalog.int8", NotNull: true}, gen.Type{Name: "int64"}},
		{"postgres", gen.DatabaseSQL, gen.Column{DBType: "pg_catalog.int8"}, gen.Type{Name: "sql.NullInt64", Import: "database/sql"}},
		{"postgres", gen.PgxV5, gen.Column{DBType: "pg_catalog.int8"}, gen.Type{Name: "pgtype.Int8", Import: "github.com/jackc/pgx/v5/pgtype"}},
		{"postgres", gen.PgxV5, gen.Column{DBType: "serial", NotNull: true}, gen.Type{Name: "int32"}},
		{"postgres", gen.DatabaseSQL, gen.Column{DBType: "smallint", NotNull: true}, gen.Type{Name: "int16"}},
		{"postgres", gen.DatabaseSQL, gen.Column{DBType: "uuid", NotNull: true}, gen.Type{Name: "uuid.UUID", Import: "github.com/google/uuid"}},
		{"postgres", gen.DatabaseSQL, gen.Column{DBType: "uuid"}, gen.Type{Name: "uuid.NullUUID", Import: "github.com/google/uuid"}},
		{"postgres", gen.PgxV5, gen.Column{DBType: "uuid", NotNull: true}, gen.Type{Name: "pgtype.UUID", Import: "github.com/jackc/pgx/v5/pgtype"}},
		{"postgres", gen.PgxV5, gen.Column{DBType: "text", NotNull: true}, gen.Type{Name: "string"}},
		{"postgres", gen.PgxV5, gen.Column{DBType: "pg_catalog.varchar"}, gen.Type{Name: "pgtype.Text", Import: "github.com/jackc/pgx/v5/pgtype"}},
		{"postgres", gen.PgxV5, gen.Column{DBType: "pg_catalog.timestamptz", NotNull: true}, gen.Type{Name: "pgtype.Timestamptz", Import: "github.com/jackc/pgx/v5/pgtype"}},
		{"postgres", gen.DatabaseSQL, gen.Column{DBType: "timestamptz", NotNull: true}, gen.Type{Name: "time.Time", Import: "time"}},
		{"postgres", gen.DatabaseSQL, gen.Column{DBType: "timestamptz"}, gen.Type{Name: "sql.NullTime", Import: "database/sql"}},
		{"mysql", gen.DatabaseSQL, gen.Column{DBType: "bigint", NotNull: true, Unsigned: true}, gen.Type{Name: "uint64"}},
		{"mysql", gen.DatabaseSQL, gen.Column{DBType: "int", NotNull: true}, gen.Type{Name: "int32"}},
		{"mysql", gen.DatabaseSQL, gen.Column{DBType: "int"}, gen.Type{Name: "sql.NullInt32", Import: "database/sql"}},
		{"mysql", gen.DatabaseSQL, gen.Column{DBType: "tinyint", NotNull: true, Length: 1}, gen.Type{Name: "bool"}},
		{"mysql", gen.DatabaseSQL, gen.Column{DBType: "tinyint", NotNull: true, Unsigned: true, Length: 3}, gen.Type{Name: "uint8"}},
		{"mysql", gen.DatabaseSQL, gen.Column{DBType: "tinyint", Length: 4}, gen.Type{Name: "sql.NullInt16", Import: "database/sql"}},
		{"mysql", gen.DatabaseSQL, gen.Column{DBType: "varchar", NotNull: true, Length: 36}, gen.Type{Name: "string"}},
		{"mysql", gen.DatabaseSQL, gen.Column{DBType: "datetime"}, gen.Type{Name: "sql.NullTime", Import: "database/sql"}},
		{"sqlite", gen.DatabaseSQL, gen.Column{DBType: "integer", NotNull: true}, gen.Type{Name: "int64"}},
		{"sqlite", gen.DatabaseSQL, gen.Column{DBType: "INTEGER"}, gen.Type{Name: "sql.NullInt64", Import: "database/sql"}},
		{"sqlite", gen.DatabaseSQL, gen.Column{DBType: "varchar", NotNull: true}, gen.Type{Name: "string"}},
		{"sqlite", gen.DatabaseSQL, gen.Column{DBType: "text"}, gen.Type{Name: "sql.NullString", Import: "database/sql"}},
	}
	for _, tt := range tests {
		tt.col.Name = "k"
		got, err := gen.GoType(tt.dialect, tt.flavor, "t", tt.col)
		if err != nil {
			t.Errorf("%s %s %+v: %v", tt.dialect, tt.flavor, tt.col, err)
			continue
		}
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("%s %s %+v (-want +got):\n%s", tt.dialect, tt.flavor, tt.col, diff)
		}
	}
}

// TestGoTypeUnsupported refuses what it does not map, naming the column.
func TestGoTypeUnsupported(t *testing.T) {
	for _, tt := range []struct {
		dialect string
		col     gen.Column
		want    string
	}{
		{"postgres", gen.Column{Name: "doc", DBType: "jsonb", NotNull: true}, "gen: unsupported column type: orders.doc has type jsonb, which tombstone gen does not map to Go; a key column must be an integer, text or uuid column (or change the policy's key)"},
		{"postgres", gen.Column{Name: "ids", DBType: "pg_catalog.int8", IsArray: true}, "gen: unsupported column type: orders.ids is an array (pg_catalog.int8[]); a key column must be a scalar"},
		{"mysql", gen.Column{Name: "price", DBType: "decimal", NotNull: true}, "gen: unsupported column type: orders.price has type decimal, which tombstone gen does not map to Go; a key column must be an integer, text or uuid column (or change the policy's key)"},
		{"sqlite", gen.Column{Name: "blob", DBType: "blob"}, "gen: unsupported column type: orders.blob has type blob, which tombstone gen does not map to Go; a key column must be an integer, text or uuid column (or change the policy's key)"},
	} {
		_, err := gen.GoType(tt.dialect, gen.DatabaseSQL, "orders", tt.col)
		if !errors.Is(err, gen.ErrUnsupportedType) || err.Error() != tt.want {
			t.Errorf("%s %s: err = %v, want %q", tt.dialect, tt.col.DBType, err, tt.want)
		}
	}
}

// TestNormalize turns the live catalogs' type names into sqlc's.
func TestNormalize(t *testing.T) {
	type out struct {
		Type     string
		Length   int
		Unsigned bool
	}
	for _, tt := range []struct {
		dialect, in string
		want        out
	}{
		{"postgres", "bigint", out{"pg_catalog.int8", 0, false}},
		{"postgres", "character varying(255)", out{"pg_catalog.varchar", 255, false}},
		{"postgres", "timestamp with time zone", out{"pg_catalog.timestamptz", 0, false}},
		{"postgres", "integer[]", out{"pg_catalog.int4[]", 0, false}},
		{"mysql", "bigint(20) unsigned", out{"bigint", 20, true}},
		{"mysql", "tinyint(1)", out{"tinyint", 1, false}},
		{"mysql", "int(10) unsigned zerofill", out{"int", 10, true}},
		{"sqlite", "UNSIGNED BIG INT", out{"unsignedbigint", 0, false}},
		{"sqlite", "VARCHAR(40)", out{"varchar", 40, false}},
	} {
		typ, n, u := gen.Normalize(tt.dialect, tt.in)
		if diff := cmp.Diff(tt.want, out{typ, n, u}); diff != "" {
			t.Errorf("%s %q (-want +got):\n%s", tt.dialect, tt.in, diff)
		}
	}
}
