package enforce

import (
	"database/sql/driver"
	"log/slog"

	"github.com/tombstone-sql/tombstone/policy"
)

// Config is what the front doors' options set (tombstone.Option).
type Config struct {
	Dialect      string
	Mode         *policy.Mode
	Logger       *slog.Logger
	CacheEntries int
	CacheBytes   int
	// SplitDSN is how the root package's Driver reads its base driver's
	// DSN (tombstone.WithDSN); the other front doors take no DSN.
	SplitDSN func(dsn string) (policyPaths []string, base driver.Connector, err error)
}
