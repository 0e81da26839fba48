// Package dburl turns the database URL every tombstone command takes
// (--dsn or TOMBSTONE_DSN) into a dialect and the DSN of that dialect's
// driver, and opens it:
//
//	postgres://user@host:5432/db?sslmode=disable   (or postgresql://)
//	mysql://user:password@host:3306/db?parseTime=true
//	sqlite:PATH, sqlite://PATH or file:PATH
//
// The dialect follows from the scheme.
package dburl

import (
	"database/sql"
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"strings"

	"github.com/go-sql-driver/mysql"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" driver
	_ "modernc.org/sqlite"             // the "sqlite" driver

	"github.com/tombstone-sql/tombstone"
)

// EnvVar names the environment variable read when no --dsn is given.
const EnvVar = "TOMBSTONE_DSN"

// ErrNoURL is returned by FromEnv when neither a flag value nor the
// environment gives a database URL.
var ErrNoURL = errors.New("no database URL: pass --dsn URL or set " + EnvVar + " (postgres://…, mysql://…, sqlite:PATH)")

// Target is a parsed database URL.
type Target struct {
	Dialect string // postgres, mysql or sqlite
	Driver  string // the database/sql driver name of the plain driver: pgx, mysql, sqlite
	DSN     string // the DSN in that driver's own syntax
}

// FromEnv returns flagValue, or the TOMBSTONE_DSN environment variable
// when flagValue is empty.
func FromEnv(flagValue string) (string, error) {
	if flagValue != "" {
		return flagValue, nil
	}
	if v := os.Getenv(EnvVar); v != "" {
		return v, nil
	}
	return "", ErrNoURL
}

// Parse reads a database URL. Its error never repeats a password.
func Parse(raw string) (Target, error) {
	scheme, rest, ok := strings.Cut(raw, ":")
	if !ok {
		return Target{}, fmt.Errorf("database URL %q has no scheme; start it with postgres://, mysql:// or sqlite:", redact(raw))
	}
	switch strings.ToLower(scheme) {
	case "postgres", "postgresql":
		if _, err := url.Parse(raw); err != nil {
			return Target{}, fmt.Errorf("database URL: %v", redactErr(err, raw))
		}
		return Target{Dialect: "postgres", Driver: "pgx", DSN: raw}, nil
	case "mysql", "mariadb":
		return parseMySQL(raw)
	case "sqlite", "sqlite3", "file":
		path := strings.TrimPrefix(rest, "//")
		if path == "" {
			return Target{}, errors.New("database URL sqlite: names no file; use sqlite:PATH")
		}
		return Target{Dialect: "sqlite", Driver: "sqlite", DSN: "file:" + path}, nil
	}
	return Target{}, fmt.Errorf("database URL scheme %q is not one tombstone knows; use postgres://, mysql:// or sqlite:", scheme)
}

func parseMySQL(raw string) (Target, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return Target{}, fmt.Errorf("database URL: %v", redactErr(err, raw))
	}
	cfg := mysql.NewConfig()
	if u.User != nil {
		cfg.User = u.User.Username()
		cfg.Passwd, _ = u.User.Password()
	}
	cfg.Net = "tcp"
	host, port := u.Hostname(), u.Port()
	if host == "" {
		host = "127.0.0.1"
	}
	if port == "" {
		port = "3306"
	}
	cfg.Addr = net.JoinHostPort(host, port)
	cfg.DBName = strings.TrimPrefix(u.Path, "/")
	if u.RawQuery != "" {
		// The query string is the go-sql-driver parameters; its own parser
		// reads them, so every one of its options is available.
		parsed, err := mysql.ParseDSN("/?" + u.RawQuery)
		if err != nil {
			return Target{}, fmt.Errorf("database URL %s: %v", redact(raw), err)
		}
		parsed.User, parsed.Passwd, parsed.Net, parsed.Addr, parsed.DBName = cfg.User, cfg.Passwd, cfg.Net, cfg.Addr, cfg.DBName
		cfg = parsed
	}
	return Target{Dialect: "mysql", Driver: "mysql", DSN: cfg.FormatDSN()}, nil
}

// OpenPlain opens the URL with the plain driver, without tombstone: for
// reading catalogs and for tombstone's own audited writes.
func OpenPlain(raw string) (*sql.DB, Target, error) {
	t, err := Parse(raw)
	if err != nil {
		return nil, t, err
	}
	db, err := sql.Open(t.Driver, t.DSN)
	return db, t, err
}

// Open opens the URL through tombstone: every statement enforces policy p.
func Open(raw string, p *tombstone.Policy, opts ...tombstone.Option) (*sql.DB, Target, error) {
	t, err := Parse(raw)
	if err != nil {
		return nil, t, err
	}
	db, err := tombstone.OpenDB(t.Driver, t.DSN, p, append([]tombstone.Option{tombstone.WithDialect(t.Dialect)}, opts...)...)
	return db, t, err
}

// redact hides the password of a URL for messages.
func redact(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.User == nil {
		if i := strings.LastIndex(raw, "@"); i >= 0 {
			if j := strings.Index(raw, "://"); j >= 0 && j < i {
				return raw[:j+3] + "…" + raw[i:]
			}
		}
		return raw
	}
	return u.Redacted()
}

// redactErr is err's text with the URL's password removed.
func redactErr(err error, raw string) string {
	msg := err.Error()
	if u, perr := url.Parse(raw); perr == nil && u.User != nil {
		if pw, ok := u.User.Password(); ok && pw != "" {
			msg = strings.ReplaceAll(msg, pw, "xxxxx")
		}
	} else if i := strings.LastIndex(raw, "@"); i >= 0 {
		msg = strings.ReplaceAll(msg, raw, redact(raw))
	}
	return msg
}
