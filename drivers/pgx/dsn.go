package pgx

import (
	"database/sql/driver"
	"fmt"
	"net/url"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"

	"github.com/tombstone-sql/tombstone"
)

// SplitDSN reads a pgx DSN (a postgres:// URL or keyword/value pairs, with
// quoted values and spaces around '=') with pgx's own parser, and takes
// tombstone_policy out of the run-time parameters it would send the server
// at startup. The count of occurrences, which the parser does not keep,
// comes from a reading of the same rules, and must agree with the
// parser's value.
func SplitDSN(dsn string) ([]string, driver.Connector, error) {
	paths, cfg, err := split(dsn)
	if err != nil {
		return nil, nil, err
	}
	return paths, stdlib.GetConnector(*cfg), nil
}

// split returns the values of tombstone_policy and the configuration
// without it.
func split(dsn string) ([]string, *pgx.ConnConfig, error) {
	cfg, err := pgx.ParseConfig(dsn)
	if err != nil {
		return nil, nil, err
	}
	last, named := cfg.RuntimeParams[tombstone.PolicyParam]
	paths, err := policyValues(dsn)
	if err != nil {
		return nil, nil, err
	}
	// The URL form keeps the last value of a repeated parameter, as the
	// keyword/value form does.
	if named != (len(paths) > 0) || named && paths[len(paths)-1] != last {
		return nil, nil, fmt.Errorf("%w: tombstone reads %s in the DSN as %q where pgx reads %q", tombstone.ErrDSN, tombstone.PolicyParam, paths, last)
	}
	delete(cfg.RuntimeParams, tombstone.PolicyParam)
	return paths, cfg, nil
}

// policyValues returns the values of tombstone_policy in a URL's query or
// in keyword/value pairs.
func policyValues(dsn string) ([]string, error) {
	var out []string
	if strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://") {
		u, err := url.Parse(dsn)
		if err != nil {
			return nil, err
		}
		for _, part := range strings.Split(u.RawQuery, "&") {
			key, value, _ := strings.Cut(part, "=")
			if k, err := url.PathUnescape(key); err != nil || k != tombstone.PolicyParam {
				continue
			}
			v, err := url.PathUnescape(value)
			if err != nil {
				return nil, err
			}
			out = append(out, v)
		}
		return out, nil
	}
	for _, kv := range keywordValues(dsn) {
		if kv[0] == tombstone.PolicyParam {
			out = append(out, kv[1])
		}
	}
	return out, nil
}

// keywordValues splits PostgreSQL keyword/value pairs: key = value, the
// value bare (ending at a space) or in single quotes, a backslash keeping
// the next byte. Malformed input yields what was read before it; pgx's
// parser, which runs first, reports the error.
func keywordValues(s string) [][2]string {
	var out [][2]string
	const space = " \t\n\r\v\f"
	for {
		s = strings.TrimLeft(s, space)
		eq := strings.IndexByte(s, '=')
		if eq < 0 {
			return out
		}
		key := strings.TrimRight(s[:eq], space)
		s = strings.TrimLeft(s[eq+1:], space)
		var b strings.Builder
		quoted := strings.HasPrefix(s, "'")
		if quoted {
			s = s[1:]
		}
		i := 0
		for ; i < len(s); i++ {
			c := s[i]
			if quoted && c == '\'' || !quoted && strings.IndexByte(space, c) >= 0 {
				break
			}
			if c == '\\' && i+1 < len(s) {
				i++
				c = s[i]
			} else if c == '\\' {
				break
			}
			b.WriteByte(c)
		}
		out = append(out, [2]string{key, b.String()})
		if quoted && i < len(s) {
			i++ // the closing quote
		}
		s = s[i:]
	}
}
