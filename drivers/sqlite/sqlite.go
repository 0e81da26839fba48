// Package sqlite registers tombstone over modernc.org/sqlite (pure Go, no
// cgo) as "tombstone-sqlite".
//
//	db, err := sql.Open("tombstone-sqlite", "file:store.db?tombstone_policy=tombstone.yaml")
//
// The policy comes from the DSN parameter tombstone_policy, which SplitDSN
// finds as modernc.org/sqlite reads DSN parameters and removes, or from the
// TOMBSTONE_POLICY environment variable.
package sqlite

import (
	"database/sql"

	"modernc.org/sqlite"

	"github.com/tombstone-sql/tombstone"
)

// DriverName is the name the driver is registered under.
const DriverName = "tombstone-sqlite"

func init() {
	sql.Register(DriverName, tombstone.NewDriver(&sqlite.Driver{}, tombstone.WithDialect("sqlite"), tombstone.WithDSN(SplitDSN)))
}

// OpenDB opens the SQLite database dsn (modernc's DSN syntax) with every
// statement enforcing policy p.
func OpenDB(dsn string, p *tombstone.Policy, opts ...tombstone.Option) (*sql.DB, error) {
	c, err := tombstone.NewDriver(&sqlite.Driver{}).Connector(dsn, p, append([]tombstone.Option{tombstone.WithDialect("sqlite")}, opts...)...)
	if err != nil {
		return nil, err
	}
	return sql.OpenDB(c), nil
}
