package gen_test

import (
	"fmt"
	"strings"

	"github.com/tombstone-sql/tombstone/gen"
	"github.com/tombstone-sql/tombstone/policy"
)

// Generate the handles of a soft table from a policy and a catalog, and
// list what the generated file declares for it.
func ExampleGenerate() {
	p, err := policy.Parse("tombstone.yaml", []byte(`version: 1
audit: {table: tombstone_audit}
roles:
  manager: {see_deleted: true, restore: true}
tables:
  customers: {delete: soft, column: deleted_at, restore_window: 30d}
`))
	if err != nil {
		panic(err)
	}
	cat := &gen.Catalog{Dialect: "postgres", Tables: []gen.Table{{
		Name: "customers",
		Columns: []gen.Column{
			{Name: "id", DBType: "pg_catalog.int8", NotNull: true},
			{Name: "deleted_at", DBType: "pg_catalog.timestamptz"},
		},
	}}}
	files, err := gen.Generate(gen.Config{Package: "store", Flavor: gen.PgxV5, Policy: p, Catalog: cat})
	if err != nil {
		panic(err)
	}
	fmt.Println(files[0].Name)
	for _, line := range strings.Split(string(files[0].Contents), "\n") {
		if strings.HasPrefix(line, "func ") || strings.HasPrefix(line, "type ") || strings.HasPrefix(line, "\tRole") || strings.HasPrefix(line, "\tTable") {
			fmt.Println(strings.TrimSuffix(line, " {"))
		}
	}
	// Output:
	// tombstone.go
	// 	TableCustomers = "customers"
	// type TombstoneRole struct{ name string }
	// func (r TombstoneRole) String() string { return r.name }
	// 	RoleManager = TombstoneRole{"manager"}
	// func WithRole(ctx context.Context, r TombstoneRole) context.Context
	// func (r TombstoneRole) JobRole() lifecycle.Option { return lifecycle.WithRole(r.name) }
	// type TombstoneHandles struct
	// func NewTombstoneHandles(db *tombstonepgx.Pool, p *tombstone.Policy) (*TombstoneHandles, error)
	// type CustomersHandle struct
	// type CustomersTombstone = lifecycle.Tombstone[int64]
	// func (h *CustomersHandle) WithDeleted(ctx context.Context) context.Context
	// func (h *CustomersHandle) OnlyDeleted(ctx context.Context) context.Context
	// func (h *CustomersHandle) HardDelete(ctx context.Context) context.Context
	// func (h *CustomersHandle) Restore(ctx context.Context, id int64) error
	// func (h *CustomersHandle) Purge(ctx context.Context, id int64) error
	// func (h *CustomersHandle) Tombstones(ctx context.Context, opts ...lifecycle.ListOption) ([]CustomersTombstone, error)
}

// The Go type of a key column is the one sqlc's own code uses for the
// column with the package's sql_package.
func ExampleGoType() {
	for _, c := range []struct {
		dialect string
		flavor  gen.Flavor
		col     gen.Column
	}{
		{"postgres", gen.DatabaseSQL, gen.Column{Name: "id", DBType: "uuid", NotNull: true}},
		{"postgres", gen.PgxV5, gen.Column{Name: "id", DBType: "uuid", NotNull: true}},
		{"mysql", gen.DatabaseSQL, gen.Column{Name: "id", DBType: "bigint", NotNull: true, Unsigned: true}},
		{"sqlite", gen.DatabaseSQL, gen.Column{Name: "id", DBType: "integer", NotNull: true}},
		{"postgres", gen.DatabaseSQL, gen.Column{Name: "doc", DBType: "jsonb", NotNull: true}},
	} {
		t, err := gen.GoType(c.dialect, c.flavor, "orders", c.col)
		if err != nil {
			fmt.Println(err)
			continue
		}
		fmt.Println(c.dialect, c.flavor, c.col.DBType, "→", t.Name)
	}
	// Output:
	// postgres database/sql uuid → uuid.UUID
	// postgres pgx/v5 uuid → pgtype.UUID
	// mysql database/sql bigint → uint64
	// sqlite database/sql integer → int64
	// gen: unsupported column type: orders.doc has type jsonb, which tombstone gen does not map to Go; a key column must be an integer, text or uuid column (or change the policy's key)
}
