package sqlite

import (
	"database/sql/driver"
	"fmt"
	"net/url"
	"strings"

	"modernc.org/sqlite"

	"github.com/tombstone-sql/tombstone"
)

// SplitDSN reads a modernc.org/sqlite DSN as the driver does: its
// parameters are the URL query after the first '?' (not at the start),
// parsed by url.ParseQuery; for a file: URI SQLite itself reads the query
// too. tombstone_policy is taken out of it, the other parameters are kept
// byte for byte.
func SplitDSN(dsn string) ([]string, driver.Connector, error) {
	paths, rest, err := split(dsn)
	if err != nil {
		return nil, nil, err
	}
	base, err := sqlite.NewConnector(rest)
	return paths, base, err
}

// split returns the values of tombstone_policy and the DSN without it.
func split(dsn string) ([]string, string, error) {
	q := strings.IndexByte(dsn, '?')
	if q < 1 {
		return nil, dsn, nil
	}
	values, err := url.ParseQuery(dsn[q+1:])
	if err != nil {
		return nil, "", err
	}
	paths := values[tombstone.PolicyParam]
	if len(paths) == 0 {
		return nil, dsn, nil
	}
	var kept []string
	for _, part := range strings.Split(dsn[q+1:], "&") {
		key, _, _ := strings.Cut(part, "=")
		if k, err := url.QueryUnescape(key); err == nil && k == tombstone.PolicyParam {
			continue
		}
		kept = append(kept, part)
	}
	rest := dsn[:q]
	if len(kept) > 0 {
		rest += "?" + strings.Join(kept, "&")
	}
	if left, err := url.ParseQuery(strings.Join(kept, "&")); err != nil || len(left[tombstone.PolicyParam]) > 0 {
		return nil, "", fmt.Errorf("%w: tombstone cannot take %s out of the DSN", tombstone.ErrDSN, tombstone.PolicyParam)
	}
	return paths, rest, nil
}
