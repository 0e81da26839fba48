package mysql

import (
	"database/sql/driver"
	"fmt"
	"net/url"
	"strings"

	"github.com/go-sql-driver/mysql"

	"github.com/tombstone-sql/tombstone"
)

// SplitDSN reads a go-sql-driver DSN with its own parser, ParseDSN, and
// takes tombstone_policy out of its parameters (the driver would send an
// unknown parameter to the server as SET tombstone_policy = …). Values are
// URL-escaped, as the driver requires of every parameter value:
// tombstone_policy=%2Fetc%2Ftombstone.yaml.
func SplitDSN(dsn string) ([]string, driver.Connector, error) {
	paths, cfg, err := split(dsn)
	if err != nil {
		return nil, nil, err
	}
	base, err := mysql.NewConnector(cfg)
	return paths, base, err
}

// split returns the values of tombstone_policy and the configuration
// without it.
func split(dsn string) ([]string, *mysql.Config, error) {
	cfg, err := mysql.ParseDSN(dsn)
	if err != nil {
		if strings.Contains(dsn, tombstone.PolicyParam+"=") {
			err = fmt.Errorf("%w (escape the value of every parameter, %s too: %s=%s)", err, tombstone.PolicyParam, tombstone.PolicyParam, url.QueryEscape("/etc/tombstone.yaml"))
		}
		return nil, nil, err
	}
	last, named := cfg.Params[tombstone.PolicyParam]
	paths := policyValues(dsn)
	if named != (len(paths) > 0) || named && paths[len(paths)-1] != last {
		return nil, nil, fmt.Errorf("%w: tombstone reads %s as %q where go-sql-driver reads %q", tombstone.ErrDSN, tombstone.PolicyParam, paths, last)
	}
	delete(cfg.Params, tombstone.PolicyParam)
	return paths, cfg, nil
}

// policyValues returns the values of tombstone_policy in the DSN's
// parameters, found as ParseDSN finds them: after the first '?' that
// follows the DSN's last '/', separated by '&', URL-escaped.
func policyValues(dsn string) []string {
	slash := strings.LastIndexByte(dsn, '/')
	if slash < 0 {
		return nil
	}
	q := strings.IndexByte(dsn[slash:], '?')
	if q < 0 {
		return nil
	}
	var out []string
	for _, part := range strings.Split(dsn[slash+q+1:], "&") {
		key, value, ok := strings.Cut(part, "=")
		if !ok || key != tombstone.PolicyParam {
			continue
		}
		if v, err := url.QueryUnescape(value); err == nil {
			value = v
		}
		out = append(out, value)
	}
	return out
}
