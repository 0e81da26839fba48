package tombstone

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"os"
	"reflect"
	"strings"
	"sync"

	"github.com/tombstone-sql/tombstone/internal/dialects"
	"github.com/tombstone-sql/tombstone/internal/enforce"
	"github.com/tombstone-sql/tombstone/policy"
	"github.com/tombstone-sql/tombstone/rewrite"
)

// Connector is a driver.Connector that rewrites every statement of its
// connections per the policy. Use it with sql.OpenDB.
type Connector struct {
	w    *enforce.Wrapper
	base driver.Connector
	drv  *Driver
}

var (
	_ driver.Connector = (*Connector)(nil)
	_ io.Closer        = (*Connector)(nil)
)

// NewConnector wraps a base connector (pgx's stdlib.GetConnector,
// go-sql-driver/mysql's NewConnector, or any driver's OpenConnector) so
// that its connections enforce policy p. The dialect is told from the base
// driver, or given with WithDialect.
func NewConnector(base driver.Connector, p *Policy, opts ...Option) (*Connector, error) {
	cfg := newConfig(opts)
	if cfg.Dialect == "" {
		cfg.Dialect = dialectOfDriver(base.Driver())
	}
	w, err := newWrapper(p, cfg.Dialect, cfg)
	if err != nil {
		return nil, err
	}
	w.Open = ownConn(w, base)
	return &Connector{w: w, base: base, drv: &Driver{base: base.Driver(), cfg: cfg}}, nil
}

// Connect opens a base connection and wraps it.
func (c *Connector) Connect(ctx context.Context) (driver.Conn, error) {
	bc, err := c.base.Connect(ctx)
	if err != nil {
		return nil, err
	}
	cn, outward := wrapConn(c.w, bc)
	if err := c.w.CheckEncoding(ctx, cn.ec.S); err != nil {
		bc.Close()
		return nil, err
	}
	if err := c.w.Connected(ctx, cn.ec); err != nil {
		bc.Close()
		return nil, err
	}
	return outward, nil
}

// newWrapper returns the enforcement of policy p for a dialect.
func newWrapper(p *policy.Policy, dialect string, cfg *config) (*enforce.Wrapper, error) {
	return enforce.New(p, dialect, cfg)
}

// ownConn opens base connections of tombstone's own from base, outside
// the caller's transaction.
func ownConn(w *enforce.Wrapper, base driver.Connector) func(context.Context) (enforce.Session, func() error, error) {
	return func(ctx context.Context) (enforce.Session, func() error, error) {
		bc, err := base.Connect(ctx)
		if err != nil {
			return nil, nil, err
		}
		return session{&conn{w: w, base: bc}}, bc.Close, nil
	}
}

// Driver returns the wrapping driver, so database/sql and middlewares
// stacked on top see tombstone, not the base driver.
func (c *Connector) Driver() driver.Driver { return c.drv }

// Close closes the base connector when it has a Close.
func (c *Connector) Close() error {
	if cl, ok := c.base.(io.Closer); ok {
		return cl.Close()
	}
	return nil
}

// Driver wraps a base database/sql driver. Registered under a name (the
// drivers/… packages register tombstone-pgx, tombstone-mysql and
// tombstone-sqlite), it takes the policy from the DSN parameter
// tombstone_policy=PATH, or else from the TOMBSTONE_POLICY environment
// variable; the parameter is found and removed as the base driver reads
// the DSN (see WithDSN), so nothing of it reaches the server.
type Driver struct {
	base driver.Driver
	cfg  *config

	connectors sync.Map // DSN → *Connector, for Open
}

var (
	_ driver.Driver        = (*Driver)(nil)
	_ driver.DriverContext = (*Driver)(nil)
)

// NewDriver wraps a base driver for registration with sql.Register.
func NewDriver(base driver.Driver, opts ...Option) *Driver {
	return &Driver{base: base, cfg: newConfig(opts)}
}

// Open opens one wrapped connection for dsn.
func (d *Driver) Open(dsn string) (driver.Conn, error) {
	c, ok := d.connectors.Load(dsn)
	if !ok {
		oc, err := d.OpenConnector(dsn)
		if err != nil {
			return nil, err
		}
		c, _ = d.connectors.LoadOrStore(dsn, oc) // one rewrite cache per DSN
	}
	return c.(driver.Connector).Connect(context.Background())
}

// OpenConnector loads the DSN's policy and wraps the base driver's
// connector for the rest of the DSN.
func (d *Driver) OpenConnector(dsn string) (driver.Connector, error) {
	path, base, err := d.splitDSN(dsn)
	if err != nil {
		return nil, err
	}
	if path == "" {
		path = os.Getenv("TOMBSTONE_POLICY")
	}
	if path == "" {
		return nil, errors.New("tombstone: no policy: add tombstone_policy=PATH to the DSN or set TOMBSTONE_POLICY")
	}
	p, err := loadCached(path)
	if err != nil {
		return nil, err
	}
	return d.connector(base, p)
}

// Connector returns a connector for dsn (the base driver's syntax, no
// tombstone_policy parameter) whose connections enforce policy p.
func (d *Driver) Connector(dsn string, p *Policy, opts ...Option) (*Connector, error) {
	base, err := baseConnector(d.base, dsn)
	if err != nil {
		return nil, err
	}
	return d.connector(base, p, opts...)
}

func (d *Driver) connector(base driver.Connector, p *Policy, opts ...Option) (*Connector, error) {
	cfg := *d.cfg
	for _, o := range opts {
		o(&cfg)
	}
	if cfg.Dialect == "" {
		cfg.Dialect = dialectOfDriver(d.base)
	}
	w, err := newWrapper(p, cfg.Dialect, &cfg)
	if err != nil {
		return nil, err
	}
	w.Open = ownConn(w, base)
	return &Connector{w: w, base: base, drv: d}, nil
}

// dsnConnector adapts a driver without OpenConnector, as database/sql does.
type dsnConnector struct {
	dsn string
	drv driver.Driver
}

func (c dsnConnector) Connect(context.Context) (driver.Conn, error) { return c.drv.Open(c.dsn) }
func (c dsnConnector) Driver() driver.Driver                        { return c.drv }

var policies sync.Map // path → *policy.Policy

// loadCached loads a policy file once per process.
func loadCached(path string) (*policy.Policy, error) {
	if p, ok := policies.Load(path); ok {
		return p.(*policy.Policy), nil
	}
	p, err := policy.Load(path)
	if err != nil {
		return nil, err
	}
	policies.Store(path, p)
	return p, nil
}

// OpenDB opens a database through the registered driver driverName (pgx,
// mysql, sqlite, …) with every statement rewritten per policy p. The
// dialect comes from the driver's name, or WithDialect.
func OpenDB(driverName, dsn string, p *Policy, opts ...Option) (*sql.DB, error) {
	probe, err := sql.Open(driverName, "")
	if err != nil {
		return nil, err
	}
	base := probe.Driver()
	probe.Close()
	cfg := newConfig(opts)
	if cfg.Dialect == "" {
		cfg.Dialect = dialectOfName(driverName)
		if cfg.Dialect == "" {
			cfg.Dialect = dialectOfDriver(base)
		}
	}
	var bc driver.Connector
	if dc, ok := base.(driver.DriverContext); ok {
		if bc, err = dc.OpenConnector(dsn); err != nil {
			return nil, err
		}
	} else {
		bc = dsnConnector{dsn: dsn, drv: base}
	}
	w, err := newWrapper(p, cfg.Dialect, cfg)
	if err != nil {
		return nil, err
	}
	w.Open = ownConn(w, bc)
	return sql.OpenDB(&Connector{w: w, base: bc, drv: &Driver{base: base, cfg: cfg}}), nil
}

// Dialect returns the rewrite adapter of a dialect name (postgres, mysql,
// sqlite and their aliases).
func Dialect(name string) (rewrite.Dialect, error) {
	d, ok := dialects.Lookup(name)
	if !ok {
		return nil, fmt.Errorf("tombstone: unknown dialect %q; use one of %s", name, strings.Join(dialects.Names(), ", "))
	}
	return d, nil
}

// dialectOfName maps registered driver names to dialects.
func dialectOfName(name string) string {
	switch strings.ToLower(name) {
	case "pgx", "pgx/v5", "postgres", "postgresql", "tombstone-pgx":
		return "postgres"
	case "mysql", "mariadb", "tombstone-mysql":
		return "mysql"
	case "sqlite", "sqlite3", "tombstone-sqlite":
		return "sqlite"
	}
	return ""
}

// dialectOfDriver tells the dialect from the base driver's type.
func dialectOfDriver(d driver.Driver) string {
	if w, ok := d.(*Driver); ok {
		d = w.base
	}
	t := reflect.TypeOf(d)
	if t == nil {
		return ""
	}
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch pkg := t.PkgPath(); {
	case strings.Contains(pkg, "jackc/pgx"), strings.Contains(pkg, "lib/pq"):
		return "postgres"
	case strings.Contains(pkg, "go-sql-driver/mysql"):
		return "mysql"
	case strings.Contains(pkg, "sqlite"):
		return "sqlite"
	}
	return ""
}
