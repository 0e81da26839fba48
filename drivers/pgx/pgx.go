// Package pgx registers tombstone over jackc/pgx's database/sql driver as
// "tombstone-pgx", and builds connectors from pgx configurations.
//
//	db, err := sql.Open("tombstone-pgx", "postgres://app@db/store?tombstone_policy=/etc/tombstone.yaml")
//
// The policy comes from the DSN parameter tombstone_policy, which SplitDSN
// finds with pgx's own parser (URL and keyword/value forms) and removes, or
// from the TOMBSTONE_POLICY environment variable.
package pgx

import (
	"database/sql"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"

	"github.com/tombstone-sql/tombstone"
)

// DriverName is the name the driver is registered under.
const DriverName = "tombstone-pgx"

func init() {
	sql.Register(DriverName, tombstone.NewDriver(stdlib.GetDefaultDriver(), tombstone.WithDialect("postgres"), tombstone.WithDSN(SplitDSN)))
}

// NewConnector returns a connector for pgx configuration cfg whose
// connections enforce policy p; pgx's options (stdlib.OptionAfterConnect,
// …) go in pgxOpts.
func NewConnector(cfg pgx.ConnConfig, p *tombstone.Policy, pgxOpts []stdlib.OptionOpenDB, opts ...tombstone.Option) (*tombstone.Connector, error) {
	return tombstone.NewConnector(stdlib.GetConnector(cfg, pgxOpts...), p, append([]tombstone.Option{tombstone.WithDialect("postgres")}, opts...)...)
}

// OpenDB opens a database for pgx configuration cfg whose statements
// enforce policy p.
func OpenDB(cfg pgx.ConnConfig, p *tombstone.Policy, opts ...tombstone.Option) (*sql.DB, error) {
	c, err := NewConnector(cfg, p, nil, opts...)
	if err != nil {
		return nil, err
	}
	return sql.OpenDB(c), nil
}
