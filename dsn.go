package tombstone

import (
	"database/sql/driver"
	"fmt"
	"net/url"
	"strings"
)

// PolicyParam is the DSN parameter that names the policy file of a
// connection opened through a registered tombstone driver.
const PolicyParam = "tombstone_policy"

// SplitDSN takes tombstone's parameter out of a base driver's DSN, read as
// the base driver reads it: it returns every value of tombstone_policy in
// the DSN, in order (none when it has none; Driver refuses more than one),
// and a connector for the rest, which holds nothing of the parameter.
type SplitDSN = func(dsn string) (policyPaths []string, base driver.Connector, err error)

// WithDSN tells Driver how its base driver reads a DSN (the drivers/…
// packages give their drivers' own parsers: pgconn's, go-sql-driver's
// ParseDSN, modernc's URI rules). Without it a DSN is read as a URL query
// (…?a=b&tombstone_policy=PATH) or a list of key=value words.
func WithDSN(split SplitDSN) Option { return func(c *config) { c.SplitDSN = split } }

// splitDSN returns the policy path a DSN names ("" when none) and the
// base driver's connector for the rest. Without WithDSN, the DSN is read
// as a URL query after the first '?' when there is one, else as key=value
// words separated by spaces (no quoting).
func (d *Driver) splitDSN(dsn string) (string, driver.Connector, error) {
	split := d.cfg.SplitDSN
	if split == nil {
		split = func(dsn string) ([]string, driver.Connector, error) {
			paths, rest, err := policyParam(dsn)
			if err != nil {
				return nil, nil, err
			}
			base, err := baseConnector(d.base, rest)
			return paths, base, err
		}
	}
	paths, base, err := split(dsn)
	if err != nil {
		return "", nil, err
	}
	switch len(paths) {
	case 0:
		return "", base, nil
	case 1:
		return paths[0], base, nil
	}
	return "", nil, fmt.Errorf("%w: %s appears %d times in the DSN; name the policy once", ErrDSN, PolicyParam, len(paths))
}

// baseConnector returns the base driver's connector for dsn.
func baseConnector(drv driver.Driver, dsn string) (driver.Connector, error) {
	if dc, ok := drv.(driver.DriverContext); ok {
		return dc.OpenConnector(dsn)
	}
	return dsnConnector{dsn: dsn, drv: drv}, nil
}

// policyParam takes tombstone_policy=VALUE out of a URL query (after the
// first '?', parameters separated by '&', values URL-escaped) or, without a
// '?', out of key=value words separated by spaces.
func policyParam(dsn string) (paths []string, rest string, err error) {
	sep, head, query := " ", "", dsn
	if i := strings.IndexByte(dsn, '?'); i >= 0 {
		sep, head, query = "&", dsn[:i+1], dsn[i+1:]
	}
	var kept []string
	for _, part := range strings.Split(query, sep) {
		key, value, _ := strings.Cut(part, "=")
		if sep == "&" {
			if k, err := url.QueryUnescape(key); err == nil {
				key = k
			}
		}
		if strings.TrimSpace(key) != PolicyParam {
			kept = append(kept, part)
			continue
		}
		if sep == "&" {
			if value, err = url.QueryUnescape(value); err != nil {
				return nil, "", fmt.Errorf("%w: %s: %v", ErrDSN, PolicyParam, err)
			}
		}
		paths = append(paths, value)
	}
	if len(paths) == 0 {
		return nil, dsn, nil
	}
	rest = strings.Join(kept, sep)
	if sep == "&" && rest == "" {
		head = strings.TrimSuffix(head, "?")
	}
	return paths, strings.TrimSpace(head + rest), nil
}
