package main

import (
	"fmt"
	"strings"

	"github.com/sqlc-dev/plugin-sdk-go/plugin"
	"github.com/sqlc-dev/plugin-sdk-go/sdk"

	"github.com/tombstone-sql/tombstone/gen"
)

// dialectOf is the dialect of sqlc's engine name.
func dialectOf(engine string) (string, error) {
	switch engine {
	case "postgresql":
		return "postgres", nil
	case "mysql":
		return "mysql", nil
	case "sqlite":
		return "sqlite", nil
	}
	return "", fmt.Errorf("%w: engine %q: tombstone supports postgresql, mysql and sqlite", ErrOptions, engine)
}

// systemSchemas hold the engines' built-in tables, never the user's.
var systemSchemas = map[string]bool{"pg_catalog": true, "information_schema": true}

// catalogOf converts the catalog sqlc resolved from the schema files.
// Tables of the default schema get Schema "" (sqlc sends "" for them too,
// under a schema entry named after the default); column types are named
// as sqlc names them (sdk.DataType: "schema.name" when sqlc qualifies).
func catalogOf(dialect string, c *plugin.Catalog) *gen.Catalog {
	out := &gen.Catalog{Dialect: dialect}
	if c == nil {
		return out
	}
	for _, s := range c.Schemas {
		if systemSchemas[s.Name] {
			continue
		}
		for _, t := range s.Tables {
			if t.Rel == nil {
				continue
			}
			schema := t.Rel.Schema
			if schema == c.DefaultSchema {
				schema = ""
			}
			gt := gen.Table{Schema: schema, Name: t.Rel.Name}
			for _, col := range t.Columns {
				gc := gen.Column{
					Name:     col.Name,
					NotNull:  col.NotNull,
					Unsigned: col.Unsigned,
					IsArray:  col.IsArray,
				}
				if col.Type != nil {
					gc.DBType = strings.ToLower(sdk.DataType(col.Type))
				}
				if col.Length > 0 {
					gc.Length = int(col.Length)
				}
				gt.Columns = append(gt.Columns, gc)
			}
			out.Tables = append(out.Tables, gt)
		}
	}
	return out
}
