// Package mysql registers tombstone over go-sql-driver/mysql as
// "tombstone-mysql" (MySQL and MariaDB), and builds connectors from its
// configurations.
//
//	db, err := sql.Open("tombstone-mysql", "app@tcp(db:3306)/store?tombstone_policy=%2Fetc%2Ftombstone.yaml")
//
// The policy comes from the DSN parameter tombstone_policy (URL-escaped,
// as go-sql-driver wants every value), which SplitDSN finds with the
// driver's ParseDSN and removes, or from the TOMBSTONE_POLICY environment
// variable.
package mysql

import (
	"database/sql"

	"github.com/go-sql-driver/mysql"

	"github.com/tombstone-sql/tombstone"
)

// DriverName is the name the driver is registered under.
const DriverName = "tombstone-mysql"

func init() {
	sql.Register(DriverName, tombstone.NewDriver(&mysql.MySQLDriver{}, tombstone.WithDialect("mysql"), tombstone.WithDSN(SplitDSN)))
}

// NewConnector returns a connector for MySQL configuration cfg whose
// connections enforce policy p.
func NewConnector(cfg *mysql.Config, p *tombstone.Policy, opts ...tombstone.Option) (*tombstone.Connector, error) {
	base, err := mysql.NewConnector(cfg)
	if err != nil {
		return nil, err
	}
	return tombstone.NewConnector(base, p, append([]tombstone.Option{tombstone.WithDialect("mysql")}, opts...)...)
}

// OpenDB opens a database for MySQL configuration cfg whose statements
// enforce policy p.
func OpenDB(cfg *mysql.Config, p *tombstone.Policy, opts ...tombstone.Option) (*sql.DB, error) {
	c, err := NewConnector(cfg, p, opts...)
	if err != nil {
		return nil, err
	}
	return sql.OpenDB(c), nil
}
