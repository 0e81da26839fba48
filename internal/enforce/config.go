package enforce

import (
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
}
